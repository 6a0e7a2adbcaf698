using Exchange.Protocol.Framing;

namespace Exchange.Client;

/// <summary>
/// A frame of a type or version this client does not know, passed on unread instead of ending the
/// session: the protocol adds message types and versions over time (docs/protocol.md, Versioning),
/// and a client must skip what it does not understand. A known layout with a wrong size is still an error.
/// </summary>
public readonly record struct UnknownMessage(MessageType Type, byte Version, int BodyLength);
