using System.Text;

namespace Exchange.Protocol.Session;

/// <summary>A text field of exactly 32 bytes: UTF-8, zero-padded; longer text is refused when writing.</summary>
internal static class Utf8Field32
{
    public static void Write(Span<byte> field, string value)
    {
        field.Clear();
        if (Encoding.UTF8.GetByteCount(value) > field.Length)
        {
            throw new ArgumentException($"'{value}' does not fit in {field.Length} bytes.", nameof(value));
        }

        Encoding.UTF8.GetBytes(value, field);
    }

    public static string Read(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }
}
