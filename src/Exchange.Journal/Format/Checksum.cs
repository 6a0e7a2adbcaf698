using System.IO.Hashing;

namespace Exchange.Journal.Format;

/// <summary>CRC-32C (Castagnoli), the checksum of every header and record: hardware-accelerated on x86 and ARM.</summary>
internal static class Checksum
{
    [ThreadStatic]
    private static Crc32? _incremental;

    public static uint Of(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);

    /// <summary>The CRC of two spans as if they were one, without copying (a cached hasher per thread: no allocation).</summary>
    public static uint Of(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var crc = _incremental ??= new Crc32(Crc32ParameterSet.Crc32C);
        crc.Reset();
        crc.Append(first);
        crc.Append(second);
        return crc.GetCurrentHashAsUInt32();
    }
}
