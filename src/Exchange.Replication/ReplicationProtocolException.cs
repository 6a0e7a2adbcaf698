namespace Exchange.Replication;

/// <summary>A peer broke the replication protocol (bad frame, wrong order, impossible value): the link is dropped, nothing is applied.</summary>
public sealed class ReplicationProtocolException(string message) : Exception(message);
