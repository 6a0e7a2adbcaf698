namespace Exchange.Journal.Reading;

/// <summary>
/// Tells a record damaged after it was written from one that was never completely written, for the
/// one case the length and CRC alone cannot decide: a record (or block) that fits in the file and
/// fails its CRC at the very end of the last segment.
/// </summary>
/// <remarks>
/// A crash tears only the last write, and leaves a prefix of it, possibly followed by zeros where the
/// file system had extended the file but not yet written the data (whole sectors). A bit flipped on
/// a complete record leaves neither: a CRC-32C syndrome that one flipped bit explains is damage, and
/// is refused; a record whose zero-filled end reaches back over a sector boundary is a tear.
/// </remarks>
internal static class DamageForensics
{
    /// <summary>Sector size assumed for unwritten data at the end of a file (the smallest a disk writes).</summary>
    public const int Sector = 512;

    private const uint Polynomial = 0x82F63B78; // CRC-32C, reflected

    /// <summary>
    /// Whether exactly one flipped bit in the bytes the CRC covers (<paramref name="first"/> and
    /// <paramref name="second"/> read as one) or in the stored CRC itself explains the mismatch. Linear in the
    /// length: the effect of a flip on the CRC depends only on its distance from the end.
    /// </summary>
    public static bool IsOneFlippedBit(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, uint storedCrc)
    {
        var syndrome = Format.Checksum.Of(first, second) ^ storedCrc;
        if (syndrome == 0)
        {
            return false;
        }

        if ((syndrome & (syndrome - 1)) == 0)
        {
            return true; // one bit of the stored CRC itself
        }

        // delta[b] = the CRC change of flipping bit b of the byte at the current distance from the end.
        Span<uint> delta = stackalloc uint[8];
        for (var b = 0; b < 8; b++)
        {
            delta[b] = 1u << b;
        }

        var length = first.Length + second.Length;
        for (var fromEnd = 0; fromEnd < length; fromEnd++)
        {
            for (var b = 0; b < 8; b++)
            {
                var v = delta[b];
                for (var step = 0; step < 8; step++)
                {
                    v = (v >> 1) ^ ((v & 1) * Polynomial);
                }

                delta[b] = v;
                if (v == syndrome)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the zero bytes that end <paramref name="data"/> (which starts at file offset
    /// <paramref name="fileOffset"/> and is followed only by zeros) begin at or before a sector
    /// boundary inside it: the shape of a write that never reached the disk.
    /// </summary>
    public static bool EndsInUnwrittenSectors(ReadOnlySpan<byte> data, long fileOffset)
    {
        var lastNonZero = data.LastIndexOfAnyExcept((byte)0);
        var zerosFrom = fileOffset + lastNonZero + 1;
        var boundary = (zerosFrom + Sector - 1) / Sector * Sector;
        return boundary < fileOffset + data.Length;
    }
}
