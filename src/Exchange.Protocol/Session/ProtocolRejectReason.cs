namespace Exchange.Protocol.Session;

/// <summary>Why one inbound frame was refused while the session stays open (ProtocolReject.Reason). Stable codes.</summary>
public enum ProtocolRejectReason : ushort
{
    UnknownMessageType = 1,
    UnsupportedVersion = 2,
    WrongBodySize = 3,
    NotLoggedIn = 4,
    Throttled = 5,
    NotAllowed = 6,

    /// <summary>The exchange's input queue is full (the journal is slower than the arrivals): the message was not taken; send it again later.</summary>
    Busy = 7,

    /// <summary>A Subscribe names an instrument the exchange does not list (protocol version 3; older sessions get an empty book).</summary>
    UnknownInstrument = 8,
}
