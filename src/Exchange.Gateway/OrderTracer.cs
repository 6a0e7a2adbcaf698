using System.Collections.Concurrent;
using System.Diagnostics;
using Exchange.Core.Events;

namespace Exchange.Gateway;

/// <summary>
/// Distributed tracing of a sample of orders: one order in <c>oneIn</c> gets a span (<see cref="ActivitySource"/>
/// <c>Exchange.Gateway</c>, activity "order") from the moment its frame is read to the moment its
/// acknowledgement or reject is routed to the account's reply stream, with the journal sequence as a tag and
/// the sequencer's stamp (when it was journaled) as an event in between, so a trace shows gateway → journal →
/// business logic → reply. The engine's threads are not touched: the span is opened on the session's thread and
/// closed on the publisher's. When nobody listens, or the order is not sampled, it costs a listener check;
/// the publisher checks one counter per acknowledgement.
/// </summary>
public sealed class OrderTracer
{
    public const string SourceName = "Exchange.Gateway";

    /// <summary>Spans open at once, at most: orders whose reply never comes (refused as Busy, lost in a crash) cannot pile up.</summary>
    private const int MaxOpen = 1_024;

    private static readonly ActivitySource Source = new(SourceName);

    private readonly ConcurrentDictionary<(long Account, long ClientOrderId), Activity> _open = new();
    private readonly int _oneIn;
    private long _orders;
    private int _openCount;

    /// <param name="oneIn">Follow one order in this many; 0 follows none.</param>
    public OrderTracer(int oneIn)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oneIn);
        _oneIn = oneIn;
    }

    /// <summary>A new order's frame was read (session thread).</summary>
    internal void Received(long account, long clientOrderId, int instrument)
    {
        if (_oneIn == 0 || !Source.HasListeners() || Interlocked.Increment(ref _orders) % _oneIn != 0 || Volatile.Read(ref _openCount) >= MaxOpen)
        {
            return;
        }

        var previous = Activity.Current;
        var activity = Source.StartActivity("order", ActivityKind.Server);
        Activity.Current = previous; // the span ends on another thread: it must not become the session's current activity
        if (activity is null)
        {
            return;
        }

        activity.SetTag("exchange.account", account);
        activity.SetTag("exchange.client_order_id", clientOrderId);
        activity.SetTag("exchange.instrument", instrument);
        if (_open.TryAdd((account, clientOrderId), activity))
        {
            Interlocked.Increment(ref _openCount);
        }
        else
        {
            activity.Dispose(); // the same client order id twice in flight: the first one is followed
        }
    }

    /// <summary>The order was not handed to the engine (refused at the gateway): its span ends here.</summary>
    internal void NotSubmitted(long account, long clientOrderId, string reason)
    {
        if (Volatile.Read(ref _openCount) != 0 && _open.TryRemove((account, clientOrderId), out var activity))
        {
            Interlocked.Decrement(ref _openCount);
            activity.SetTag("exchange.outcome", reason);
            activity.SetStatus(ActivityStatusCode.Error, reason);
            activity.Stop();
        }
    }

    /// <summary>The order's first reply (accepted or rejected) is being routed (publisher thread).</summary>
    internal void Replied(in Event e)
    {
        if (Volatile.Read(ref _openCount) == 0 || !_open.TryRemove((e.AccountId, e.ClientOrderId), out var activity))
        {
            return;
        }

        Interlocked.Decrement(ref _openCount);
        activity.SetTag("exchange.sequence", e.Sequence);
        activity.SetTag("exchange.outcome", e.Type == EventType.OrderRejected ? "rejected: " + e.Reason : "accepted");
        activity.AddEvent(new ActivityEvent("journaled", new DateTimeOffset(DateTime.UnixEpoch.Ticks + (e.Timestamp / 100), TimeSpan.Zero)));
        activity.Stop();
    }
}
