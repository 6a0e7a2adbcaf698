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
    /// The next link: SHA-256 of <paramref name="linkAndBatch"/>, whose first 32 bytes must already
    /// hold the previous link (the writer keeps that room in front of its batch buffer, so hashing
    /// needs no copy and no allocation).
    /// </summary>
    public static ChainValue Next(ReadOnlySpan<byte> linkAndBatch)
    {
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(linkAndBatch, digest);
        return Read(digest);
    }

    /// <summary>The next link from a previous link and a batch held apart (readers, tools).</summary>
    public static ChainValue Next(ChainValue previous, ReadOnlySpan<byte> batch)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[Size];
        previous.Write(buffer);
        sha.AppendData(buffer);
        sha.AppendData(batch);
        sha.GetHashAndReset(buffer);
        return Read(buffer);
    }

    /// <summary>Lower-case hex, 64 characters, as tools print it.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{W0:x16}{W1:x16}{W2:x16}{W3:x16}");
}
