using Exchange.Core.Commands;
using Exchange.Engine;
using Exchange.Journal;
using Exchange.Testing;

namespace Exchange.Replication.Tests;

public sealed class ReplicationStreamTests
{
    private static void SubmitAll(ExchangeEngine engine, IEnumerable<Command> commands)
    {
        foreach (var command in commands)
        {
            Assert.True(engine.Submit(command));
        }
    }

    [Fact]
    public async Task A_standby_journals_the_same_bytes_and_reaches_the_same_state()
    {
        using var pair = new ReplicaPair();
        var (standby, _) = pair.StartStandby(pair.Folder("standby"));
        SubmitAll(pair.Primary, RandomCommands.Setup());
        SubmitAll(pair.Primary, RandomCommands.FromSeed(11, 3_000));
        await pair.WaitCaughtUpAsync(standby);

        Assert.Equal(pair.Primary.JournalChain, standby.JournalChain);
        var hashes = await Task.WhenAll(pair.Primary.QueryAsync(e => e.StateHash()), standby.QueryAsync(e => e.StateHash()));
        Assert.Equal(hashes[0], hashes[1]);
        var primarySegments = JournalDirectory.Segments(Path.Combine(pair.PrimaryFolder, "journal"));
        var standbySegments = JournalDirectory.Segments(Path.Combine(pair.Folder("standby"), "journal"));
        Assert.Equal(primarySegments.Count, standbySegments.Count);
        for (var i = 0; i < primarySegments.Count; i++)
        {
            Assert.Equal(Path.GetFileName(primarySegments[i]), Path.GetFileName(standbySegments[i]));
            Assert.Equal(File.ReadAllBytes(primarySegments[i]), File.ReadAllBytes(standbySegments[i]));
        }
    }
}
