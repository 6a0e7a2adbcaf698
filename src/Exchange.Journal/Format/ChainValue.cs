using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Exchange.Journal.Format;

/// <summary>
/// One link of the journal's hash chain: SHA-256 over the previous link and the bytes of one
/// committed batch. Because each link covers the one before, the newest link identifies the whole
/// history up to it: two copies of a journal with the same head hold the same commands, and a
/// snapshot that records the link at its sequence belongs to exactly one history.
/// </summary>
/// <remarks>
/// Stored as 32 bytes in the order SHA-256 produces them. <see cref="Zero"/> is the link before
/// the first batch, and the value of every record written before the chain existed (segment format
/// version 1): such records are readable but not covered.
/// </remarks>
public readonly record struct ChainValue(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public const int Size = 32;

    public static ChainValue Zero => default;

    public bool IsZero => this == default;

    public static ChainValue Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64BigEndian(source),
        BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(source[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(source[24..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, W0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W3);
    }

    /// <summary>
    /// The next link from the previous one and a batch, with a SHA-256 hasher the caller keeps
    /// (<c>IncrementalHash.CreateHash(HashAlgorithmName.SHA256)</c>, one per thread): reusing it
    /// avoids setting up the algorithm on every batch, a fixed cost that dominates small batches
    /// (ChainLinkBenchmarks), and allocates nothing.
    /// </summary>
    public static ChainValue Next(IncrementalHash sha256, ChainValue previous, ReadOnlySpan<byte> batch)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        Span<byte> buffer = stackalloc byte[Size];
        previous.Write(buffer);
        sha256.AppendData(buffer);
        sha256.AppendData(batch);
        sha256.GetHashAndReset(buffer);
        return Read(buffer);
    }

    /// <summary>The next link, with a hasher of its own (tools and tests; allocates).</summary>
    public static ChainValue Next(ChainValue previous, ReadOnlySpan<byte> batch)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return Next(sha, previous, batch);
    }

    /// <summary>Lower-case hex, 64 characters, as tools print it.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{W0:x16}{W1:x16}{W2:x16}{W3:x16}");
}
