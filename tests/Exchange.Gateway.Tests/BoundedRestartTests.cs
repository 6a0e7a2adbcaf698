using Exchange.Engine;
using Exchange.Gateway.MarketData;
using Exchange.Gateway.Replies;
using Exchange.Journal.Snapshots;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Gateway.Tests;

/// <summary>
/// A restart replays only the journal after the newest snapshot: the reply streams (with their resend
/// windows) and the market-data books come from the read-model file saved beside it, and end up
/// exactly as they were before the restart, and as a replay of the whole history would make them.
/// </summary>
public sealed class BoundedRestartTests : IDisposable
{
    private const int Window = 64;
    private readonly string _path = Path.Combine(Path.GetTempPath(), "exchange-bounded-restart-tests", Guid.NewGuid().ToString("N"));

    private EngineOptions Options => new()
    {
        DataDirectory = _path,
        Durability = Durability.Async,
        SnapshotEveryCommands = 500,
        SnapshotOnShutdown = false, // as after a kill: the newest snapshot is behind the journal's end
        RebuildSinksFromJournal = true,
        InputRingSize = 256,
        OutputRingSize = 1024,
        JournalSegmentBytes = 64 * 1024,
    };

    [Fact]
    public void Start_up_replays_only_the_tail_after_the_newest_snapshot_and_the_read_models_come_back_byte_for_byte()
    {
        var commands = EngineStream();
        var before = Run(commands);
        Assert.True(before.Engine.Recovery.ReplayedCommands == 0);
        var end = before.Engine.StoppedState.LastSequence;

        var snapshots = new SnapshotStore(Path.Combine(_path, "snapshots")).List();
        Assert.NotEmpty(snapshots);
        Assert.All(snapshots, s => Assert.True(File.Exists(SinkStateFile.PathFor(s)), $"{s} has no read-model file"));

        var after = Run([]);
        var recovery = after.Engine.Recovery;
        Assert.True(recovery.SnapshotSequence > 0, "started without a snapshot");
        Assert.Equal(end - recovery.SnapshotSequence, recovery.ReplayedCommands); // the tail, not the history
        Assert.True(recovery.ReplayedCommands < end / 2, $"{recovery.ReplayedCommands} of {end} commands replayed");
        AssertSame(before, after);

        // A replay of the whole history (no read-model files) gives the same streams and books.
        foreach (var file in Directory.GetFiles(Path.Combine(_path, "snapshots"), "*" + SinkStateFile.Extension))
        {
            File.Delete(file);
        }

        var full = Run([]);
        Assert.Equal(end, full.Engine.Recovery.ReplayedCommands);
        AssertSame(before, full);
    }

    [Fact]
    public void A_damaged_read_model_file_falls_back_to_an_older_snapshot_or_the_whole_journal_never_to_wrong_state()
    {
        var before = Run(EngineStream());
        var snapshots = new SnapshotStore(Path.Combine(_path, "snapshots")).List();
        var newest = SinkStateFile.PathFor(snapshots[0]);
        var bytes = File.ReadAllBytes(newest);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(newest, bytes);

        Assert.True(snapshots.Count >= 2);
        var after = Run([]);
        Assert.Equal(SnapshotStore.SequenceOf(snapshots[1]), after.Engine.Recovery.SnapshotSequence); // the next older snapshot with sound read models
        Assert.Equal(before.Engine.StoppedState.LastSequence - SnapshotStore.SequenceOf(snapshots[1]), after.Engine.Recovery.ReplayedCommands);
        AssertSame(before, after);
    }

    private static Core.Commands.Command[] EngineStream() => [.. RandomCommands.Setup(), .. RandomCommands.FromSeed(11, 3_000)];

    private sealed record Outcome(ExchangeEngine Engine, ReplyRouter Router, MarketDataHub Hub);

    private Outcome Run(Core.Commands.Command[] commands)
    {
        var router = new ReplyRouter(Window);
        var hub = new MarketDataHub();
        var engine = ExchangeEngine.Start(Options, NullLogger.Instance, router, hub);
        foreach (var command in commands)
        {
            Assert.True(engine.Submit(command));
        }

        engine.Dispose(); // drains the pipeline: every event has reached the read models
        Assert.Null(engine.Fault);
        return new Outcome(engine, router, hub);
    }

    private static void AssertSame(Outcome expected, Outcome actual)
    {
        Assert.Equal(expected.Engine.StoppedState.StateHash(), actual.Engine.StoppedState.StateHash());
        for (long account = 1; account <= 4; account++)
        {
            var want = expected.Router.KeptAfter(account, 0);
            var got = actual.Router.KeptAfter(account, 0);
            Assert.True(want.Count > 0, $"account {account} has no replies: the stream proves nothing");
            Assert.Equal(want.Count, got.Count);
            for (var i = 0; i < want.Count; i++)
            {
                Assert.Equal(want[i], got[i]); // byte for byte, sequence numbers included
            }
        }

        foreach (var instrument in new[] { 1, 2 })
        {
            var want = expected.Hub.View(instrument, 1_000);
            var got = actual.Hub.View(instrument, 1_000);
            Assert.True(want.Sequence > 0, $"instrument {instrument} never changed: the book proves nothing");
            Assert.Equal(want.Sequence, got.Sequence);
            Assert.Equal(want.Top, got.Top);
            Assert.Equal(want.Bids, got.Bids);
            Assert.Equal(want.Asks, got.Asks);
        }
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
