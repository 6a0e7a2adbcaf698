using Exchange.Client;
using Exchange.Core.Commands;
using Exchange.Journal.Reading;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

/// <summary>
/// A stop (SIGTERM) while a client is sending as fast as it can: every command the exchange
/// journaled gets its reply to the client, before the close or by resend after the restart, with no
/// gap in the session's numbering.
/// </summary>
public sealed class ShutdownUnderLoadTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-server-shutdown-tests", Guid.NewGuid().ToString("N"));

    private ExchangeService Service() => new(Options.Create(new ServerSettings
    {
        DataDirectory = _data,
        Port = 0,
        ThrottleRatePerSecond = 1_000_000,
        ThrottleBurst = 1_000_000,

        // Up to 20,000 orders may be journaled; on a loaded machine the client may read only a few thousand replies
        // before the close's 2 s drain ends, and the rest must still be inside the resend window.
        ResendWindow = 50_000,
        Accounts = [new AccountSetting { Id = 1001, Secret = "alice-secret" }],
    }), NullLogger<ExchangeService>.Instance);

    [Fact]
    public async Task Every_journaled_command_of_a_client_is_answered_before_the_close_or_by_resend_after_the_restart()
    {
        var answers = new Dictionary<ulong, long>(); // session sequence → client order id
        var running = Service();
        await running.StartAsync(CancellationToken.None);
        var alice = await ExchangeClient.ConnectAsync("127.0.0.1", running.Port, 1001, "alice-secret");
        var sending = Task.Run(async () =>
        {
            try
            {
                for (var id = 1L; id <= 20_000; id++)
                {
                    await alice.PlaceLimitAsync(id, 1, 2, 70_000, 1);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                // The server closed the session under the sender: expected.
            }
        });

        // Stop once the engine is busy with this client's stream.
        Assert.True(SpinWait.SpinUntil(() => running.Engine!.ProcessedSequence > 2_000, Patience));
        await running.StopAsync(CancellationToken.None);
        await sending.WaitAsync(Patience);
        await Collect(alice, answers, untilClosed: true);
        var lastSeen = alice.LastSequence;
        await alice.DisposeAsync();

        var journaled = JournaledOrders();
        Assert.True(journaled.Count > 2_000, $"{journaled.Count} orders journaled");

        var second = Service();
        await second.StartAsync(CancellationToken.None);
        try
        {
            // The client resumes from the last reply it read; what it had no time to read before the close is resent.
            await using var again = await Resume(second.Port, lastSeen, $"{answers.Count} of {journaled.Count} journaled orders answered before the close");
            using var timeout = new CancellationTokenSource(Patience);
            while (answers.Count < journaled.Count && !timeout.IsCancellationRequested)
            {
                await Collect(again, answers, untilClosed: false, timeout.Token);
            }

            Assert.Equal(journaled.Order(), answers.Values.Order());
            var first = answers.Keys.Min(); // the demo world's deposits come first in the account's stream
            Assert.Equal(Enumerable.Range(0, answers.Count).Select(i => first + (ulong)i), answers.Keys.Order());
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<ExchangeClient> Resume(int port, long lastSeen, string context)
    {
        try
        {
            return await ExchangeClient.ConnectAsync("127.0.0.1", port, 1001, "alice-secret", lastSeen);
        }
        catch (LoginRejectedException ex)
        {
            throw new Xunit.Sdk.XunitException($"resume after reply {lastSeen} refused ({ex.Message}); {context}");
        }
    }

    /// <summary>Reads acknowledgements and rejects into <paramref name="answers"/>: until the session closes, or one message.</summary>
    private static async Task Collect(ExchangeClient client, Dictionary<ulong, long> answers, bool untilClosed, CancellationToken cancel = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Patience);
        try
        {
            while (await client.Messages.WaitToReadAsync(timeout.Token))
            {
                while (client.Messages.TryRead(out var message))
                {
                    if (message.Type == MessageType.OrderAccepted)
                    {
                        var a = message.As<OrderAccepted>();
                        answers[a.Sequence] = (long)a.ClientOrderId;
                    }
                    else if (message.Type == MessageType.OrderRejected)
                    {
                        var r = message.As<OrderRejected>();
                        answers[r.Sequence] = (long)r.ClientOrderId;
                    }
                }

                if (!untilClosed)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!untilClosed)
        {
        }
    }

    private List<long> JournaledOrders()
    {
        var orders = new List<long>();
        using var cursor = new JournalCursor(Path.Combine(_data, "journal"));
        while (cursor.MoveNext())
        {
            var command = cursor.ReadCommand();
            if (command.Type == CommandType.PlaceOrder && command.AccountId == 1001)
            {
                orders.Add(command.ClientOrderId);
            }
        }

        return orders;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
