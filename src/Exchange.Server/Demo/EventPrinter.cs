using System.Globalization;
using Exchange.Core.Events;
using Exchange.Engine;

namespace Exchange.Server.Demo;

/// <summary>
/// Prints each event as a line (on the engine's publisher thread) and tracks how far the engine
/// has got, so the scripted session can wait for a step before narrating the next.
/// </summary>
internal sealed class EventPrinter(TextWriter output) : IEventSink
{
    private long _lastSequence;
    private int _trades;

    public long LastSequence => Volatile.Read(ref _lastSequence);

    public int TradeCount => Volatile.Read(ref _trades);

    public bool Quiet { get; set; }

    public void OnEvent(in Event e, bool endOfBatch)
    {
        if (e.Type == EventType.TradeExecuted)
        {
            Interlocked.Increment(ref _trades);
        }

        if (!Quiet)
        {
            output.WriteLine("  " + Describe(e));
        }

        Volatile.Write(ref _lastSequence, e.Sequence);
    }

    public void WaitFor(long sequence)
    {
        var spin = default(SpinWait);
        while (LastSequence < sequence)
        {
            spin.SpinOnce();
        }
    }

    private static string Describe(in Event e) => e.Type switch
    {
        EventType.OrderAccepted => Invariant($"#{e.Sequence,-4} accepted  order {e.OrderId} {DemoWorld.AccountName(e.AccountId)} {e.Side} {e.Quantity} @ {Price(e.Price)}"),
        EventType.TradeExecuted => Invariant($"#{e.Sequence,-4} TRADE     {e.TradeId}: {e.Quantity} @ {e.Price:N0}  taker order {e.OrderId} ({DemoWorld.AccountName(e.AccountId)}, {e.Side}) maker order {e.MakerOrderId} ({DemoWorld.AccountName(e.MakerAccountId)})  fees maker {e.MakerFee} taker {e.TakerFee}"),
        EventType.OrderRejected => Invariant($"#{e.Sequence,-4} rejected  {DemoWorld.AccountName(e.AccountId)} {e.Side} {e.Quantity} @ {Price(e.Price)}: {e.Reason} ({(int)e.Reason})"),
        EventType.OrderCanceled or EventType.OrderExpired => Invariant($"#{e.Sequence,-4} {(e.Type == EventType.OrderExpired ? "expired" : "canceled"),-9} order {e.OrderId}, {e.Quantity} left ({e.CancelReason})"),
        EventType.OrderTriggered => Invariant($"#{e.Sequence,-4} triggered order {e.OrderId} {DemoWorld.AccountName(e.AccountId)}: stop {e.StopPrice:N0} reached, enters as {e.OrderType} {e.Leaves} @ {Price(e.Price)}"),
        EventType.MassCancelCompleted => Invariant($"#{e.Sequence,-4} mass cancel done: {e.Quantity} orders"),
        _ => Invariant($"#{e.Sequence,-4} {e.Type}"),
    };

    private static string Price(long price) => price == 0 ? "market" : price.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
