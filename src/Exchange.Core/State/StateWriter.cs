using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Exchange.Core.State;

/// <summary>Little-endian primitive writer for the canonical state encoding.</summary>
internal sealed class StateWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Long(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Int(bytes.Length);
        _buffer.Write(bytes);
    }
}
