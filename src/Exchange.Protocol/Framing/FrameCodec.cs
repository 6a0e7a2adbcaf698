using System.Buffers;

namespace Exchange.Protocol.Framing;

/// <summary>Encodes messages into frames and finds frames in a byte stream.</summary>
public static class FrameCodec
{
    /// <summary>The largest frame the protocol defines (market-data snapshots excepted, which are several frames).</summary>
    public const int DefaultMaxFrame = 512;

    /// <summary>Writes one framed message; returns the bytes written.</summary>
    public static int Write<T>(Span<byte> destination, in T message)
        where T : struct, IMessage<T>
    {
        FrameHeader.Write(destination, T.Type, T.Version, T.BodySize);
        message.WriteBody(destination.Slice(FrameHeader.Size, T.BodySize));
        return FrameHeader.Size + T.BodySize;
    }

    /// <summary>One framed message in a new array (for frames that are kept or shared, such as resend logs).</summary>
    public static byte[] ToArray<T>(in T message)
        where T : struct, IMessage<T>
    {
        var frame = new byte[FrameHeader.Size + T.BodySize];
        Write(frame, message);
        return frame;
    }

    /// <summary>Appends one framed message to a buffer writer (a pipe, an array buffer).</summary>
    public static void Write<T>(IBufferWriter<byte> output, in T message)
        where T : struct, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = FrameHeader.Size + T.BodySize;
        Write(output.GetSpan(size), message);
        output.Advance(size);
    }

    /// <summary>
    /// Looks for one complete frame at the start of <paramref name="buffer"/>. Returns
    /// <see cref="FrameStatus.Incomplete"/> when more bytes are needed, <see cref="FrameStatus.TooLarge"/>
    /// or <see cref="FrameStatus.Malformed"/> when the stream cannot be trusted any more (the session
    /// must be closed with that reason), else <see cref="FrameStatus.Complete"/> with the header and the
    /// frame's length.
    /// </summary>
    public static FrameStatus TryRead(ReadOnlySpan<byte> buffer, int maxFrame, out FrameHeader header)
    {
        header = default;
        if (buffer.Length < FrameHeader.Size)
        {
            // Even two bytes are enough to refuse an impossible length early.
            if (buffer.Length >= 2)
            {
                var length = buffer[0] | (buffer[1] << 8);
                if (length < FrameHeader.TypeAndVersion)
                {
                    return FrameStatus.Malformed;
                }

                if (length + 2 > maxFrame)
                {
                    return FrameStatus.TooLarge;
                }
            }

            return FrameStatus.Incomplete;
        }

        header = FrameHeader.Read(buffer);
        if (header.Length < FrameHeader.TypeAndVersion)
        {
            return FrameStatus.Malformed;
        }

        if (header.FrameLength > maxFrame)
        {
            return FrameStatus.TooLarge;
        }

        return buffer.Length < header.FrameLength ? FrameStatus.Incomplete : FrameStatus.Complete;
    }

    /// <summary>Reads the body of a complete frame as <typeparamref name="T"/>, if its type, version and size match.</summary>
    public static bool TryReadBody<T>(ReadOnlySpan<byte> frame, FrameHeader header, out T message)
        where T : struct, IMessage<T>
    {
        if (header.Type != T.Type || header.Version != T.Version || header.BodyLength != T.BodySize)
        {
            message = default;
            return false;
        }

        message = T.ReadBody(frame.Slice(FrameHeader.Size, T.BodySize));
        return true;
    }
}

/// <summary>What <see cref="FrameCodec.TryRead"/> found.</summary>
public enum FrameStatus
{
    Complete,
    Incomplete,
    TooLarge,
    Malformed,
}
