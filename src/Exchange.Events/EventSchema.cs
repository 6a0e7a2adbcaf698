namespace Exchange.Events;

/// <summary>
/// The published form's version and the names consumers rely on. A consumer reads <see cref="Version"/> from every
/// message (header and body) and refuses a major version it does not know; docs/events.md holds the evolution rule.
/// </summary>
public static class EventSchema
{
    /// <summary>Version of the JSON body and the subject layout. Adding a field keeps it; renaming, removing or changing a meaning raises it.</summary>
    public const int Version = 1;

    /// <summary><see cref="Version"/> as the header's text.</summary>
    public const string VersionText = "1";

    /// <summary>JetStream's de-duplication header; its value is <c>{sequence}-{index}</c>.</summary>
    public const string MessageIdHeader = "Nats-Msg-Id";

    public const string SchemaHeader = "Exchange-Schema";

    public const string SequenceHeader = "Exchange-Sequence";

    public const string IndexHeader = "Exchange-Event-Index";

    public const string TypeHeader = "Exchange-Event";

    /// <summary>The message id of the event at <paramref name="index"/> among those command <paramref name="sequence"/> emitted.</summary>
    public static string MessageId(long sequence, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sequence}-{index}");
}
