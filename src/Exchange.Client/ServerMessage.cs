using System.Runtime.CompilerServices;
using Exchange.Protocol.Framing;

namespace Exchange.Client;

/// <summary>
/// One message from the server, held as its frame's body bytes in the struct itself, so receiving,
/// buffering and handing a message to the application allocate nothing; <see cref="As{T}"/> and
/// <see cref="TryAs{T}"/> decode it into its typed struct (OrderAccepted, OrderExecuted, ...) on demand.
/// </summary>
/// <remarks>
/// <see cref="Message"/> decodes and boxes it for pattern matching (<c>message.Message is OrderCanceled c</c>):
/// convenient in tools and tests, one allocation per call, so not for a hot path. A frame of a type or version
/// this client does not know arrives as an <see cref="UnknownMessage"/>.
/// </remarks>
public readonly struct ServerMessage
{
    /// <summary>Bodies of every server message the protocol defines fit (the largest, InstrumentReport, is 120 bytes).</summary>
    public const int MaxBody = 128;

    private readonly Body _body;

    internal ServerMessage(FrameHeader header, ReadOnlySpan<byte> body, bool known)
    {
        Type = header.Type;
        Version = header.Version;
        BodyLength = header.BodyLength;
        IsKnown = known;
        if (known)
        {
            body.CopyTo(_body);
        }
    }

    /// <summary>The message type from the frame header.</summary>
    public MessageType Type { get; }

    /// <summary>The message's layout version from the frame header.</summary>
    public byte Version { get; }

    /// <summary>Bytes of the body (after the 4-byte frame header).</summary>
    public int BodyLength { get; }

    /// <summary>The per-account reply sequence of a numbered reply (orders, fills, cancels, balance updates); 0 for anything else.</summary>
    public ulong ReplySequence => IsKnown && ServerMessages.IsNumbered(Type, Version) ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(_body) : 0;

    /// <summary>False for a type or version this client does not decode (passed on, never fatal).</summary>
    public bool IsKnown { get; }

    /// <summary>The message as <typeparamref name="T"/>; throws if it is another type.</summary>
    public T As<T>()
        where T : struct, IMessage<T> =>
        TryAs<T>(out var message) ? message : throw new InvalidCastException($"The message is a {Type} v{Version}, not a {typeof(T).Name}.");

    /// <summary>The message as <typeparamref name="T"/> when it is one (its type, version and size).</summary>
    public bool TryAs<T>(out T message)
        where T : struct, IMessage<T>
    {
        if (IsKnown && Type == T.Type && Version == T.Version && BodyLength == T.BodySize)
        {
            message = T.ReadBody(((ReadOnlySpan<byte>)_body)[..BodyLength]);
            return true;
        }

        message = default;
        return false;
    }

    /// <summary>The decoded message, boxed (allocates): for pattern matching outside hot paths.</summary>
    public object Message => ServerMessages.Box(this);

    /// <summary>The type and version, for logs.</summary>
    public override string ToString() => $"{Type} v{Version}";

    [InlineArray(MaxBody)]
    private struct Body
    {
        private byte _first;
    }
}
