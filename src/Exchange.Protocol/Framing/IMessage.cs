namespace Exchange.Protocol.Framing;

/// <summary>
/// A fixed-layout message: its type, version and body size are known statically, so encoding is
/// generic over the struct with no boxing and no virtual calls.
/// </summary>
public interface IMessage<TSelf>
    where TSelf : struct, IMessage<TSelf>
{
    static abstract MessageType Type { get; }

    static abstract byte Version { get; }

    /// <summary>Body bytes (after the 4-byte frame header).</summary>
    static abstract int BodySize { get; }

    void WriteBody(Span<byte> body);

    static abstract TSelf ReadBody(ReadOnlySpan<byte> body);
}
