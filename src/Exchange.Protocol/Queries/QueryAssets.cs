using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>Lists the assets (id, symbol, decimals); answered with <see cref="AssetReport"/>s. Allowed to market-data-only sessions.</summary>
/// <remarks>
/// Type 0x33, version 1, body 8 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | client's id of this message |
/// </code>
/// </remarks>
public readonly record struct QueryAssets(
    ulong ClientMessageId) : IMessage<QueryAssets>
{
    public static MessageType Type => MessageType.QueryAssets;

    public static byte Version => 1;

    public static int BodySize => 8;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
    }

    public static QueryAssets ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]));
}
