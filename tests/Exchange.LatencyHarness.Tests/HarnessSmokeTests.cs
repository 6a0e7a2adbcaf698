using System.Text.Json;

namespace Exchange.LatencyHarness.Tests;

/// <summary>
/// A short run of every mode through the command line, as a performance engineer would start it:
/// it must finish, answer every message, and leave the table and the files behind. These check that
/// the harness works, not how fast anything is (numbers belong in docs/performance.md).
/// </summary>
public sealed class HarnessSmokeTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "latency-harness-tests", Guid.NewGuid().ToString("N"));

    private static readonly string[] Short = ["--duration", "0.3", "--warmup", "0.1"];

    private static readonly string[] StageNames = ["client → gateway", "gateway", "journal", "business logic", "publish", "send → client"];

    private async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await HarnessCommand.RunAsync([.. args, "--out", _out], output, error, interactive: false);
        return (code, output.ToString(), error.ToString());
    }

    private JsonElement Summary() => JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "summary.json"))).RootElement;

    [Fact]
    public async Task Abuse_mode_measures_the_honest_session_alone_and_beside_every_abuse_run_in_another_process()
    {
        var (code, output, error) = await Run(["abuse", "--rounds", "1", .. Short]);
        Assert.True(code == 0, output + error);
        foreach (var scenario in new[] { "login flood", "say nothing", "never reading", "only accepts and closes", "past its throttle" })
        {
            Assert.Contains(scenario, output);
        }

        Assert.DoesNotContain("no report", output); // every attacker process ran and reported what it did
        Assert.DoesNotContain("was lost", error);
    }

    [Fact]
    public async Task Abuse_mode_runs_only_the_attacks_asked_for_and_refuses_unknown_ones()
    {
        var (code, output, error) = await Run(["abuse", "--rounds", "1", "--abuses", "login-flood", .. Short]);
        Assert.True(code == 0, output + error);
        Assert.Contains("login flood", output);
        Assert.DoesNotContain("past its throttle", output);

        (code, _, error) = await Run(["abuse", "--abuses", "ddos"]);
        Assert.Equal(HarnessCommand.Usage, code);
        Assert.Contains("unknown attack 'ddos'", error);
    }

    [Fact]
    public async Task Restart_mode_reports_start_up_against_the_whole_journal_replay_and_the_snapshot_pauses()
    {
        var (code, output, error) = await Run(["restart", "--histories", "1000,2000", "--rounds", "1"]);
        Assert.True(code == 0, output + error);
        Assert.Contains("| 1,000 |", output);
        Assert.Contains("| 2,000 |", output);
        Assert.Contains("50,000, ", output); // the tail replayed at start-up
        Assert.Contains("business logic pause", output);
        Assert.Contains("publisher pause", output);
        Assert.Contains("vs 1,000 commands of history", output);

        (code, _, error) = await Run(["restart", "--histories", "ten"]);
        Assert.Equal(HarnessCommand.Usage, code);
        Assert.Contains("--histories", error);
    }

    [Fact]
    public async Task Echo_mode_measures_the_baseline_and_writes_its_files()
    {
        var (code, output, error) = await Run(["echo", "--rate", "2000", "--connections", "2", .. Short]);
        Assert.True(code == 0, output + error);
        Assert.Contains("echo", output);
        Assert.True(File.Exists(Path.Combine(_out, "echo.hgrm")));
        Assert.True(new FileInfo(Path.Combine(_out, "latency.png")).Length > 1_000);
        var run = Summary().GetProperty("runs")[0];
        Assert.Equal(run.GetProperty("sent").GetInt64(), run.GetProperty("answered").GetInt64());
        Assert.True(run.GetProperty("latencyMicros").GetProperty("p50").GetDouble() > 0);
    }

    [Fact]
    public async Task Tcp_mode_runs_the_echo_baseline_and_the_exchange_and_prints_ratios()
    {
        var (code, output, error) = await Run(["tcp", "--rate", "2000", "--connections", "2", "--durability", "async", .. Short]);
        Assert.True(code == 0, output + error);
        Assert.Contains("tcp-async: p50 = ", output);
        Assert.True(File.Exists(Path.Combine(_out, "tcp-async.hgrm")));
        var runs = Summary().GetProperty("runs");
        Assert.Equal("echo", Summary().GetProperty("baseline").GetString());
        Assert.Equal(2, runs.GetArrayLength());
        Assert.True(runs[1].GetProperty("ratioToBaseline").GetProperty("p50").GetDouble() > 0);

        // Where the time goes: every measured order split at the pipeline's stamps; the stages of each
        // order add up to its latency, so their means add up to the mean (up to the histograms' precision).
        Assert.Contains("tcp-async: where the time goes", output);
        var stages = runs[1].GetProperty("stages");
        Assert.True(stages.GetProperty("orders").GetInt64() > 0);
        var names = stages.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(StageNames, names);
        var sum = stages.GetProperty("stages").EnumerateArray().Sum(s => s.GetProperty("meanMicros").GetDouble());
        var total = stages.GetProperty("totalMeanMicros").GetDouble();
        Assert.InRange(sum, total * 0.99, total * 1.01);
        Assert.All(stages.GetProperty("stages").EnumerateArray(), s => Assert.True(s.GetProperty("meanMicros").GetDouble() >= 0));
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("stages").ValueKind); // the echo server has no stages
    }

    [Fact]
    public async Task Sdk_mode_measures_the_client_sdk_beside_a_raw_socket_client_with_allocations()
    {
        var (code, output, error) = await Run(["sdk", "--rate", "2000", "--connections", "2", .. Short]);
        Assert.True(code == 0, output + error);
        Assert.Contains("sdk: p50 = ", output);
        var runs = Summary().GetProperty("runs");
        Assert.Equal("raw-socket", Summary().GetProperty("baseline").GetString());
        Assert.Equal(["raw-socket", "sdk"], runs.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray());
        Assert.All(runs.EnumerateArray(), r => Assert.True(r.GetProperty("allocatedBytesPerMessage").GetDouble() >= 0));
        Assert.All(runs.EnumerateArray(), r => Assert.Equal(r.GetProperty("sent").GetInt64(), r.GetProperty("answered").GetInt64()));
    }

    [Fact]
    public async Task Inproc_mode_reports_throughput_and_latency()
    {
        var (code, output, error) = await Run(["inproc", "--rate", "20000", "--durability", "async", .. Short]);
        Assert.True(code == 0, output + error);
        Assert.Contains("matching alone", output);
        Assert.Contains("durable pipeline, Async", output);
        var throughput = Summary().GetProperty("throughputPerSecond");
        Assert.True(throughput.GetProperty("matching").GetDouble() > 0);
        Assert.True(throughput.GetProperty("pipeline-async").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(_out, "inproc-async.hgrm")));
    }

    [Fact]
    public async Task Replication_mode_compares_sync_replicated_with_local_sync_and_a_loopback_round_trip()
    {
        var (code, output, error) = await Run(["replication", "--rate", "2000", .. Short]);
        Assert.True(code == 0, output + error);
        Assert.Contains("throughput, medians: sync-replicated", output);
        Assert.Contains("one loopback round trip is", output);
        var throughput = Summary().GetProperty("throughputPerSecond");
        Assert.True(throughput.GetProperty("pipeline-sync").GetDouble() > 0);
        Assert.True(throughput.GetProperty("pipeline-sync-replicated").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(_out, "inproc-sync-replicated.hgrm")));
        Assert.True(File.Exists(Path.Combine(_out, "loopback-rtt.hgrm")));
    }

    [Fact]
    public async Task Catch_up_mode_times_a_standby_far_behind_sent_the_journal_and_sent_a_snapshot()
    {
        var (code, output, error) = await Run(["catch-up", "--histories", "3000", "--rounds", "1"]);
        Assert.True(code == 0, output + error);
        Assert.Contains("| behind (commands) | journal sent, MB |", output);
        Assert.Contains("| 4,000 |", output); // the history and the 1,000-command tail after the snapshot
        Assert.Matches(@"\| [0-9.]+x \|", output);
    }

    [SkippableFact]
    public async Task Events_mode_measures_the_relay_next_to_jetstream_alone_and_the_engine_with_and_without_it()
    {
        Exchange.Testing.ExternalTool.Require("nats-server", "apt-get install nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server");
        var (code, output, error) = await Run(["events", "--histories", "3000", "--rounds", "1", "--rate", "2000", .. Short]);
        Assert.True(code == 0, output + error);
        Assert.Matches(@"relay [0-9,]+ events/s = [0-9]+ % of JetStream storing as many prepared messages alone", output);
        Assert.Contains("engine-alone-1", output);
        Assert.Contains("engine-with-relay-1", output);
        Assert.Matches(@"relay lag at 2,000 commands/s: p50 [0-9.]+ ms", output);
    }

    [Fact]
    public async Task Sweep_mode_steps_the_rate_and_names_the_highest_sustained()
    {
        var (code, output, error) = await Run(["sweep", "--sweep-start", "1000", "--sweep-step", "1000", "--sweep-max", "2000", "--durability", "async",
            "--bound-p99-us", "1000000", "--bound-p50-us", "1000000", .. Short]);
        Assert.True(code == 0, output + error);
        Assert.Contains("step      1,000/s", output);
        Assert.Contains("step      2,000/s", output);
        Assert.Contains("highest rate sustained", output);
    }

    [Fact]
    public async Task An_inproc_sweep_steps_the_pipeline_and_stops_at_a_bound()
    {
        // A p50 bound no run can meet stops the sweep at its first step.
        var (code, output, error) = await Run(["sweep", "--target", "inproc", "--durability", "async", "--sweep-start", "20000", "--sweep-step", "20000",
            "--sweep-max", "40000", "--bound-p50-us", "0.001", .. Short]);
        Assert.True(code == 5, output + error); // nothing sustained: a script must not take it for a result
        Assert.Contains("step     20,000/s", output);
        Assert.Contains("over a bound: stop", output);
        Assert.DoesNotContain("step     40,000/s", output);
        Assert.Contains("none of the rates tried", output);
        Assert.True(File.Exists(Path.Combine(_out, "inproc-async@20000.hgrm")));
    }

    [Fact]
    public async Task A_tcp_sweep_warns_when_the_echo_baseline_is_itself_over_the_bounds()
    {
        var (code, output, error) = await Run(["sweep", "--sweep-start", "1000", "--sweep-step", "1000", "--sweep-max", "1000", "--durability", "async",
            "--bound-p50-us", "0.001", .. Short]);
        Assert.True(code == 5, output + error);
        Assert.Contains("warning: the echo baseline itself is over the bounds", output);
    }

    [Theory]
    [InlineData("sweep", "--target", "moon", "--target must be")]
    [InlineData("tcp", "--rate", "-5", "--rate must be between")]
    [InlineData("tcp", "--connections", "0", "--connections must be between")]
    [InlineData("inproc", "--preset", "huge", "--preset must be")]
    [InlineData("inproc", "--durability", "maybe", "--durability must be")]
    [InlineData("sweep", "--sweep-step", "0", "The sweep needs")]
    [InlineData("echo", "--duration", "0", "--duration must be between")]
    public async Task Nonsense_parameters_are_refused_with_a_reason(string mode, string option, string value, string reason)
    {
        var (code, _, error) = await Run(mode, option, value);
        Assert.Equal(HarnessCommand.Usage, code);
        Assert.Contains(reason, error);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_a_connection_failure()
    {
        var (code, _, error) = await Run(["tcp", "--host", "127.0.0.1", "--port", "1", "--rate", "1000", .. Short]);
        Assert.Equal(HarnessCommand.ConnectionFailed, code);
        Assert.Contains("could not connect", error);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
