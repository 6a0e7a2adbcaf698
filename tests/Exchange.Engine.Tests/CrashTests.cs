using Exchange.Engine.Recovery;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>
/// Kills a child process running the engine in sync mode, in the class's pipeline topology (SIGKILL, at random moments, many times)
/// and checks after every kill that each acknowledged command is in the recovered state, and that
/// the recovered state equals a clean replay of the journal from zero.
/// </summary>
public abstract class CrashTests(ITestOutputHelper output, PipelineTopology topology)
{
    private void RunKills(int kills, int seed)
    {
        using var folder = new EngineFolder(topology);
        var random = new Random(seed);
        var acknowledged = new Dictionary<long, long>(); // sequence → client order id
        for (var kill = 0; kill < kills; kill++)
        {
            var acks = CrashChildRun.RunAndKill(folder.Path, seed + kill, TimeSpan.FromMilliseconds(30 + random.Next(250)), topology: topology.ToString());
            foreach (var (sequence, clientOrderId) in acks)
            {
                acknowledged[sequence] = clientOrderId;
            }

            var options = folder.Options();
            var recovered = EngineRecovery.Recover(options, NullLogger.Instance);
            var maxAcked = acknowledged.Count == 0 ? 0 : acknowledged.Keys.Max();
            Assert.True(recovered.LastSequence >= maxAcked, $"kill {kill}: recovered to {recovered.LastSequence}, acknowledged up to {maxAcked}");

            var journaled = folder.JournaledCommands().ToDictionary(c => c.Sequence, c => c.ClientOrderId);
            foreach (var (sequence, clientOrderId) in acknowledged)
            {
                Assert.True(journaled.TryGetValue(sequence, out var stored) && stored == clientOrderId,
                    $"kill {kill}: acknowledged command {sequence} (client order id {clientOrderId}) is missing or different after recovery");
            }

            // Snapshot + tail must equal a clean replay of the whole journal.
            var clean = EngineRecovery.Recover(options with { SnapshotDirectory = Path.Combine(folder.Path, "no-snapshots") }, NullLogger.Instance);
            Assert.Equal(clean.Engine.StateHash(), recovered.Engine.StateHash());
        }

        Assert.True(acknowledged.Count > kills, $"only {acknowledged.Count} acknowledgements over {kills} kills");
        output.WriteLine($"{topology}: {kills} kills, {acknowledged.Count} acknowledged commands, journal at sequence {folder.JournaledCommands().Count}: none lost");
    }

    [Fact]
    public void Killed_engine_loses_no_acknowledged_command_short() => RunKills(kills: 6, seed: 100);

    [Fact]
    [Trait("Category", "Soak")]
    public void Killed_engine_loses_no_acknowledged_command_soak() => RunKills(kills: 60, seed: 1_000);
}

public sealed class CrashTestsCompact(ITestOutputHelper output) : CrashTests(output, PipelineTopology.Compact);

public sealed class CrashTestsDedicated(ITestOutputHelper output) : CrashTests(output, PipelineTopology.Dedicated);
