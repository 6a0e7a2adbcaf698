using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Exchange.IntegrationTests;

/// <summary>
/// Counts the runtime's allocation samples (one per ~100 KB allocated) by type, so that an allocation
/// test that fails also says what was allocated.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    public ConcurrentDictionary<string, int> Types { get; } = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
        {
            return;
        }

        var index = eventData.PayloadNames.IndexOf("TypeName");
        var name = index >= 0 ? eventData.Payload?[index]?.ToString() ?? "?" : "?";
        Types.AddOrUpdate(name, 1, static (_, n) => n + 1);
    }

    public string Describe() => Types.IsEmpty ? "no samples" : string.Join(", ", Types.Select(kv => $"{kv.Key} x{kv.Value}"));
}
