using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>Asks for the session account's balances; answered by BalanceReport messages (unsequenced).</summary>
/// <remarks>
/// Type 0x30, version 1, body 8 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | echoed in every report |
/// </code>
/// </remarks>
public readonly record struct QueryBalances(
    ulong ClientMessageId) : IMessage<QueryBalances>
{
    public static MessageType Type => MessageType.QueryBalances;

    public static byte Version => 1;

    public static int BodySize => 8;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
    }

    public static QueryBalances ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]));
}
