using System.Buffers.Binary;
using System.Text;

namespace Exchange.Core.State;

/// <summary>Reads what <see cref="StateWriter"/> wrote; a short or malformed buffer is an <see cref="InvalidDataException"/>.</summary>
internal ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public StateReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _data.Length;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"State: invalid boolean {b} at offset {_position - 1}."),
    };

    public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>A count that must be non-negative and plausible for the bytes left.</summary>
    public int Count()
    {
        var count = Int();
        if (count < 0 || count > _data.Length - _position)
        {
            throw new InvalidDataException($"State: implausible count {count} at offset {_position - 4}.");
        }

        return count;
    }

    public string String() => Encoding.UTF8.GetString(Take(Count()));

    private ReadOnlySpan<byte> Take(int length)
    {
        if (_data.Length - _position < length)
        {
            throw new InvalidDataException($"State: truncated at offset {_position}, {length} more bytes expected.");
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }
}
