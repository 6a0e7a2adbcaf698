using Exchange.Protocol.Framing;

namespace Exchange.Client;

/// <summary>One decoded message from the server: its type and the message struct (OrderAccepted, OrderExecuted, ...).</summary>
public sealed record ServerMessage(MessageType Type, object Message)
{
    public T As<T>()
        where T : struct => (T)Message;
}
