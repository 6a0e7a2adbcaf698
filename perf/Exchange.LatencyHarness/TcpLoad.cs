using System.Diagnostics;
using Exchange.Client;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using HdrHistogram;

namespace Exchange.LatencyHarness;

/// <summary>
/// An open-loop load over TCP through the real client SDK: N connections, messages sent round-robin
/// at planned times (total rate across connections), latency recorded from the planned time to the
/// acknowledgement and, for orders that trade on arrival, to the taker's fill. Works against the
/// exchange and against <see cref="EchoServer"/> alike.
/// </summary>
internal static class TcpLoad
{
    private static readonly TimeSpan AnswerPatience = TimeSpan.FromSeconds(10);

    public static async Task<LatencyRun> RunAsync(string name, string description, string host, int port, HarnessSettings settings, double rate, RunProgress progress)
    {
        var total = settings.TotalMessages(rate);
        var warmup = settings.WarmupMessages(rate);
        var planned = new long[total + 1];
        var filled = new bool[total + 1];
        var answered = new long[total + 1];
        var clients = new ExchangeClient[settings.Connections];
        for (var i = 0; i < clients.Length; i++)
        {
            var account = settings.FirstAccount + i;
            clients[i] = await ExchangeClient.ConnectAsync(host, port, account, ExchangeUnderTest.SecretOf(settings, account), ExchangeClient.LiveOnly).ConfigureAwait(false);
        }

        var run = new LatencyRun(name, description, rate) { FillLatency = LatencyRun.NewHistogram() };
        var receivers = new Task<(LongHistogram Ack, LongHistogram Fill)>[clients.Length];
        for (var i = 0; i < clients.Length; i++)
        {
            var client = clients[i];
            receivers[i] = Task.Run(async () =>
            {
                var ack = LatencyRun.NewHistogram();
                var fill = LatencyRun.NewHistogram();
                // Waiting without a token lets the channel reuse its one waiter (a cancellable wait allocates each
                // time); the loop ends when the client is disposed and its stream completes.
                var reader = client.Messages;
                while (await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (reader.TryRead(out var message))
                    {
                        var now = Stopwatch.GetTimestamp();
                        long id;
                        switch (message.Type)
                        {
                            case MessageType.OrderAccepted:
                                id = (long)message.As<OrderAccepted>().ClientOrderId;
                                break;
                            case MessageType.OrderRejected:
                                id = (long)message.As<OrderRejected>().ClientOrderId;
                                break;
                            case MessageType.OrderExecuted:
                                var execution = message.As<OrderExecuted>();
                                id = (long)execution.ClientOrderId;
                                if (execution.Liquidity == 2 && id > warmup && id <= total && !filled[id])
                                {
                                    filled[id] = true;
                                    fill.RecordValue(OpenLoopClock.ToNanoseconds(now - planned[id]));
                                }

                                continue;
                            default:
                                continue;
                        }

                        if (id < 1 || id > total)
                        {
                            continue;
                        }

                        if (answered[id] == 0)
                        {
                            answered[id] = now;
                        }

                        if (id > warmup)
                        {
                            ack.RecordValue(OpenLoopClock.ToNanoseconds(now - planned[id]));
                        }

                        progress.OnAnswered();
                    }
                }

                return (ack, fill);
            });
        }

        var clock = new OpenLoopClock(rate);
        var flow = new OrderFlow(settings.Seed, settings.Instrument, settings.MidPrice);
        var watch = Stopwatch.StartNew();
        run.StartGcCount();
        long allocatedBefore = 0;
        var sender = new Thread(() =>
            allocatedBefore = clock.SendAll(flow, planned, warmup, (i, order) => clients[i % clients.Length].SendAsync(order).GetAwaiter().GetResult()))
        {
            IsBackground = true, Name = "open-loop sender",
        };
        sender.Start();
        sender.Join();
        var sendSeconds = watch.Elapsed.TotalSeconds;

        var deadline = Stopwatch.GetTimestamp() + (long)(AnswerPatience.TotalSeconds * Stopwatch.Frequency);
        while (progress.Answered < total && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        run.AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        run.StopGcCount();
        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false); // completes its stream: the receiver ends
        }

        foreach (var receiver in receivers)
        {
            var (ack, fill) = await receiver.ConfigureAwait(false);
            run.Latency.Add(ack);
            run.FillLatency.Add(fill);
        }

        run.Sent = total;
        run.MeasuredMessages = total - warmup;
        run.Answered = progress.Answered;
        run.AchievedRate = total / sendSeconds;
        run.OrderTimes = (planned, answered, warmup + 1);
        return run;
    }
}
