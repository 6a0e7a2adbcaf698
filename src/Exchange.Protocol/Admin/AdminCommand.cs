using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Admin;

/// <summary>An administrative command, accepted only from an admin account's session. Command codes are CommandType codes: 10 add instrument, 11 halt, 12 resume, 20 add account, 21 deposit, 22 withdraw; 30 take a snapshot.</summary>
/// <remarks>
/// Type 0x40, version 1, body 148 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | client's id of this message |
/// | 8 | 1 | Command | u8 | what to do (see above) |
/// | 9 | 1 | Reserved1 | u8 | zero |
/// | 10 | 2 | Reserved2 | u16 | zero |
/// | 12 | 8 | Account | u64 | account (add account, deposit, withdraw) |
/// | 20 | 4 | Asset | u32 | asset (deposit, withdraw) |
/// | 24 | 4 | Instrument | u32 | instrument (add, halt, resume) |
/// | 28 | 8 | Amount | i64 | amount (deposit, withdraw) |
/// | 36 | 4 | BaseAsset | u32 | add instrument: base asset |
/// | 40 | 4 | QuoteAsset | u32 | add instrument: quote asset |
/// | 44 | 8 | TickSize | i64 | add instrument |
/// | 52 | 8 | LotSize | i64 | add instrument |
/// | 60 | 8 | MinQuantity | i64 | add instrument |
/// | 68 | 8 | MaxQuantity | i64 | add instrument |
/// | 76 | 8 | StartPrice | i64 | add instrument |
/// | 84 | 8 | PriceBandTicks | i64 | add instrument |
/// | 92 | 8 | PriceBandBps | i64 | add instrument |
/// | 100 | 8 | MakerFeeBps | i64 | add instrument |
/// | 108 | 8 | TakerFeeBps | i64 | add instrument |
/// | 116 | 32 | Symbol | str32 | add instrument: symbol, UTF-8, zero-padded |
/// </code>
/// </remarks>
public readonly record struct AdminCommand(
    ulong ClientMessageId,
    byte Command,
    byte Reserved1,
    ushort Reserved2,
    ulong Account,
    uint Asset,
    uint Instrument,
    long Amount,
    uint BaseAsset,
    uint QuoteAsset,
    long TickSize,
    long LotSize,
    long MinQuantity,
    long MaxQuantity,
    long StartPrice,
    long PriceBandTicks,
    long PriceBandBps,
    long MakerFeeBps,
    long TakerFeeBps,
    string Symbol) : IMessage<AdminCommand>
{
    public static MessageType Type => MessageType.AdminCommand;

    public static byte Version => 1;

    public static int BodySize => 148;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
        body[8] = Command;
        body[9] = Reserved1;
        BinaryPrimitives.WriteUInt16LittleEndian(body[10..], Reserved2);
        BinaryPrimitives.WriteUInt64LittleEndian(body[12..], Account);
        BinaryPrimitives.WriteUInt32LittleEndian(body[20..], Asset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], Instrument);
        BinaryPrimitives.WriteInt64LittleEndian(body[28..], Amount);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], BaseAsset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], QuoteAsset);
        BinaryPrimitives.WriteInt64LittleEndian(body[44..], TickSize);
        BinaryPrimitives.WriteInt64LittleEndian(body[52..], LotSize);
        BinaryPrimitives.WriteInt64LittleEndian(body[60..], MinQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[68..], MaxQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[76..], StartPrice);
        BinaryPrimitives.WriteInt64LittleEndian(body[84..], PriceBandTicks);
        BinaryPrimitives.WriteInt64LittleEndian(body[92..], PriceBandBps);
        BinaryPrimitives.WriteInt64LittleEndian(body[100..], MakerFeeBps);
        BinaryPrimitives.WriteInt64LittleEndian(body[108..], TakerFeeBps);
        Session.Utf8Field32.Write(body.Slice(116, 32), Symbol);
    }

    public static AdminCommand ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            body[8],
            body[9],
            BinaryPrimitives.ReadUInt16LittleEndian(body[10..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[28..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[36..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[44..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[52..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[60..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[68..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[76..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[84..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[92..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[100..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[108..]),
            Session.Utf8Field32.Read(body.Slice(116, 32)));
}
