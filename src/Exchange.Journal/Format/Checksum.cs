using System.IO.Hashing;

namespace Exchange.Journal.Format;

/// <summary>CRC-32C (Castagnoli), the checksum of every header and record: hardware-accelerated on x86 and ARM.</summary>
internal static class Checksum
{
    public static uint Of(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);
}
