using Exchange.Engine;
using Exchange.Gateway.MarketData;
using Exchange.Gateway.Replies;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Gateway.Tests;

/// <summary>
/// Kills (SIGKILL) an engine that saves the read models with its snapshots, at random moments, also
/// while a snapshot or its read-model file is being written, and checks after every kill that the
/// start-up from the newest snapshot's read models plus the journal's tail gives the same reply
/// streams (byte for byte) and books as replaying the whole journal.
/// </summary>
public sealed class KilledReadModelTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "exchange-killed-read-model-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void After_each_kill_the_read_models_from_the_snapshot_and_tail_equal_a_whole_journal_replay()
    {
        var random = new Random(7);
        var fromSnapshot = 0;
        for (var kill = 0; kill < 5; kill++)
        {
            CrashChildRun.RunAndKill(_path, kill, TimeSpan.FromMilliseconds(300 + random.Next(500)), readModels: true);
            var options = new EngineOptions { DataDirectory = _path, Durability = Durability.Sync, SnapshotOnShutdown = false, RebuildSinksFromJournal = true };
            var (tailRouter, tailHub, tail) = Start(options);
            var (fullRouter, fullHub, full) = Start(options with { SnapshotDirectory = Path.Combine(_path, "no-snapshots") });
            Assert.Equal(full.LastSequence, tail.LastSequence);
            Assert.Equal(full.LastSequence, full.ReplayedCommands);
            fromSnapshot += tail.SnapshotSequence > 0 ? 1 : 0;
            for (long account = 1; account <= 4; account++)
            {
                var want = fullRouter.KeptAfter(account, 0);
                var got = tailRouter.KeptAfter(account, 0);
                Assert.Equal(want.Count, got.Count);
                for (var i = 0; i < want.Count; i++)
                {
                    Assert.Equal(want[i], got[i]);
                }
            }

            var (wantBook, gotBook) = (fullHub.View(1, 1_000), tailHub.View(1, 1_000));
            Assert.Equal((wantBook.Sequence, wantBook.Top), (gotBook.Sequence, gotBook.Top));
            Assert.Equal(wantBook.Bids, gotBook.Bids);
            Assert.Equal(wantBook.Asks, gotBook.Asks);
        }

        Assert.True(fromSnapshot >= 3, $"only {fromSnapshot} of 5 restarts began from a snapshot: the test proves little");
    }

    private static (ReplyRouter Router, MarketDataHub Hub, Engine.Recovery.RecoveryResult Recovery) Start(EngineOptions options)
    {
        var router = new ReplyRouter(200);
        var hub = new MarketDataHub();
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, router, hub);
        var recovery = engine.Recovery;
        engine.Dispose();
        return (router, hub, recovery);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
