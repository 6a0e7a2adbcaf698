using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Exchange.Server.Hosting;

namespace Exchange.Server.Tests;

/// <summary>
/// Start-up errors end the real executable with one clear line on stderr and a documented exit
/// code (<see cref="ServerExitCodes"/>), and a configuration error writes nothing to the data folder.
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "exchange-server-startup-tests", Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Runs exchange-server with <paramref name="args"/> until it exits by itself; returns its exit code and stderr.</summary>
    private static Task<(int Exit, string Error)> RunServerAsync(params string[] args) => RunServerAsync(useOutput: false, args);

    /// <summary>Runs exchange-server with <paramref name="args"/> until it exits by itself; returns its exit code and stderr, or stdout if <paramref name="useOutput"/>.</summary>
    private static async Task<(int Exit, string Text)> RunServerAsync(bool useOutput, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exchange-server.dll"));
        if (!args.Contains("--http-port"))
        {
            args = [.. args, "--http-port", "0"]; // never the default port, which a running exchange may hold
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("exchange-server did not exit: it started instead of refusing");
        }

        return (process.ExitCode, useOutput ? await output : await error);
    }

    public static TheoryData<string[], string> BadConfiguration => new()
    {
        { ["--port", "70000"], "Port 70000 is out of range" },
        { ["--port", "seven"], "invalid configuration" },
        { ["--durability", "fast"], "Durability 'fast' is not one of sync, async" },
        { ["--topology", "two"], "Topology 'two' is not one of auto, compact, dedicated" },
        { ["--pipeline-wait", "1"], "PipelineWait '1' is not one of blocking, yielding, spinning" },
        { ["--address", "nowhere"], "Address 'nowhere' is not an IP address" },
        { ["--config", "/no/such/file.json"], "was not found" },
        { ["--portt", "17302"], "Unrecognized command or argument '--portt'" }, // a misspelled flag is refused, not ignored
        { ["--seed-demo", "maybe"], "'maybe'" },
        { ["--snapshots-to-keep", "0"], "SnapshotsToKeep 0 must be positive" },
        { ["--archive-journal-after-minutes", "-1"], "ArchiveJournalAfterMinutes -1 is negative" },
        { ["--replication", "maybe"], "Replication 'maybe' is not one of syncreplicated, asyncreplicated" },
        { ["--replication-link-loss", "panic"], "ReplicationLinkLoss 'panic' is not one of wait, degrade" },
        { ["--node-id", "-1"], "NodeId -1 is negative" },
        { ["--replication-quorum", "0"], "ReplicationQuorum 0 must be positive" },
        { ["--lease-ttl-seconds", "0"], "LeaseTtlSeconds 0 must be positive" },
        { ["--replication-advertise", "nowhere"], "ReplicationAdvertise 'nowhere' is not host:port" },
        { ["--node-id", "1", "--etcd-endpoints", "not a uri"], "EtcdEndpoints 'not a uri' is not an absolute URI" },
        { ["--events-url", "foo"], "EventsUrl 'foo' is not a NATS URL" },
        { ["--events-only"], "EventsOnly needs EventsUrl" },
        { ["--events-only", "--events-url", "nats://127.0.0.1:1", "--node-id", "2"], "EventsOnly runs no engine: it cannot also be cluster node 2" },
        { ["--events-url", "nats://127.0.0.1:1", "--events-stream", "a.b"], "EventsStream 'a.b' is not a stream name" },
        { ["--events-url", "nats://127.0.0.1:1", "--events-subject-prefix", "ex.*"], "EventsSubjectPrefix 'ex.*' is not a subject prefix" },
        { ["--events-url", "nats://127.0.0.1:1", "--events-max-age-hours", "-1"], "EventsMaxAgeHours -1 is negative" },
        { ["--events-url", "nats://127.0.0.1:1", "--events-first-sequence", "0"], "EventsFirstSequence 0 must be positive" },
        { ["--tls-certificate-file", "server.pem"], "TlsCertificateFile and TlsKeyFile go together: give both or neither" },
        { ["--tls-client-ca-file", "ca.pem"], "TlsClientCaFile needs TLS" },
        { ["--tls-certificate-file", "/no/such/server.pem", "--tls-key-file", "/no/such/server.key"], "TLS: cannot use /no/such/server.pem with /no/such/server.key" },
        { ["--replication-tls-certificate-file", "node.pem"], "ReplicationTlsCertificateFile, ReplicationTlsKeyFile and ReplicationTlsCaFile go together" },
    };

    [Fact]
    public async Task Help_lists_every_setting_with_its_flag_default_and_environment_variable_and_starts_nothing()
    {
        foreach (var args in new[] { new[] { "--help" }, ["--help", "--port", "17301", "--data-dir", DataDirectory] })
        {
            var (exit, output) = await RunServerAsync(useOutput: true, args);
            Assert.Equal(ServerExitCodes.Ok, exit);
            foreach (var setting in ServerSetting.All)
            {
                var line = output.Split('\n').SingleOrDefault(l => l.Contains(setting.Flag + " <", StringComparison.Ordinal));
                Assert.True(line is not null, $"{setting.Flag} is not in --help");
                Assert.Contains($"[default: {setting.Default}] [env: {setting.EnvironmentVariable}]", line, StringComparison.Ordinal);
            }

            Assert.False(Directory.Exists(DataDirectory));
        }
    }

    [Fact]
    public async Task A_cluster_node_that_cannot_reach_etcd_says_so_and_exits_7()
    {
        var (exit, output) = await RunServerAsync(useOutput: true, "--node-id", "1", "--etcd-endpoints", "http://127.0.0.1:1", "--port", "0", "--http-port", "-1",
            "--replication-port", "0", "--data-dir", DataDirectory);
        Assert.Equal(ServerExitCodes.Coordination, exit);
        Assert.Contains("etcd at http://127.0.0.1:1 cannot be reached", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadConfiguration))]
    public async Task A_bad_setting_is_one_line_exit_2_and_nothing_is_written(string[] setting, string expected)
    {
        var (exit, error) = await RunServerAsync([.. setting, "--data-dir", DataDirectory]);
        Assert.Equal(ServerExitCodes.Configuration, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(DataDirectory), "the data folder was created before the configuration was validated");
    }

    [Theory]
    [InlineData("""{ "Exchange": { "Assets": [ { "Id": 0, "Symbol": "BTC" } ] } }""", "asset 0 needs an Id of 1..1023, a Symbol of 1..32 UTF-8 bytes and Decimals of 0..18")]
    [InlineData("""{ "Exchange": { "Accounts": [ { "Id": 1001, "Secret": "alice-secret", "SecretHash": "pbkdf2-sha256$100000$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } ] } }""", "account 1001 needs a positive Id and either a Secret or a SecretHash")]
    [InlineData("""{ "Exchange": { "Accounts": [ { "Id": 1001, "Secret": "", "SecretHash": "alice-secret" } ] } }""", "account 1001: SecretHash is not pbkdf2-sha256$ITERATIONS$SALT$HASH (exchange-server --hash-secret makes one)")]
    public async Task A_bad_list_entry_in_a_configuration_file_is_one_line_exit_2(string json, string expected)
    {
        var config = Path.Combine(Path.GetTempPath(), "exchange-bad-list-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(config, json);
        try
        {
            var (exit, error) = await RunServerAsync(false, "--config", config, "--data-dir", DataDirectory);
            Assert.Equal(ServerExitCodes.Configuration, exit);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(DataDirectory));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Hash_secret_prints_a_hash_the_configuration_accepts()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exchange-server.dll"));
        start.ArgumentList.Add("--hash-secret");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("grace-secret");
        process.StandardInput.Close();
        var output = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.True(Gateway.Accounts.SecretHashText.TryParse(output, out var hash, out var problem), problem);
        Assert.True(Gateway.Accounts.AccountCredentials.From(1, hash!).Verify("grace-secret"));
        Assert.DoesNotContain("grace-secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_written_is_exit_3()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var (exit, error) = await RunServerAsync("--port", "0", "--data-dir", Path.Combine(file, "data"));
        Assert.Equal(ServerExitCodes.DataFolder, exit);
        Assert.Contains("not writable", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    /// <summary>A journal of the set-up commands in the data folder, in one segment: its folder and the segment.</summary>
    private (string Journal, string Segment) WriteSetupJournal()
    {
        var journal = Path.Combine(DataDirectory, "journal");
        using (var writer = new Journal.Writing.JournalWriter(journal))
        {
            var sequence = 0L;
            foreach (var command in Exchange.Testing.RandomCommands.Setup())
            {
                var c = command;
                c.Sequence = ++sequence;
                c.Timestamp = 1_700_000_000_000_000_000 + sequence;
                writer.Append(c);
            }
        }

        return (journal, Directory.GetFiles(journal, "*.journal").Single());
    }

    [Fact]
    public async Task A_corrupt_journal_is_exit_3_naming_segment_offset_and_sequence()
    {
        var (journal, segment) = WriteSetupJournal();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[64 + 40] ^= 0x10; // inside the first record's payload; later records follow
        await File.WriteAllBytesAsync(segment, bytes);

        var (exit, error) = await RunServerAsync("--port", "0", "--data-dir", DataDirectory);
        Assert.Equal(ServerExitCodes.DataFolder, exit);
        Assert.Contains($"Journal corrupt: record CRC mismatch in {segment} at offset 64 (sequence 1)", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(segment));
    }

    [Fact]
    public async Task The_only_segment_cut_shorter_than_its_header_is_exit_3_never_an_empty_restart()
    {
        var (journal, segment) = WriteSetupJournal();
        var cut = (await File.ReadAllBytesAsync(segment))[..40]; // a damaged disk or a careless copy: fewer bytes than the header
        await File.WriteAllBytesAsync(segment, cut);

        var (exit, error) = await RunServerAsync("--port", "0", "--data-dir", DataDirectory);
        Assert.Equal(ServerExitCodes.DataFolder, exit);
        Assert.Contains("shorter than its 64-byte header", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal([segment], Directory.GetFiles(journal, "*.journal")); // nothing moved aside, no new history begun
        Assert.Equal(cut, await File.ReadAllBytesAsync(segment));
        Assert.False(Directory.Exists(Path.Combine(journal, Journal.JournalRepair.TornTailsFolder)));
    }

    [Fact]
    public async Task A_port_in_use_is_exit_5_before_the_data_folder_is_touched()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (exit, error) = await RunServerAsync("--port", port, "--data-dir", DataDirectory);
            Assert.Equal(ServerExitCodes.Listen, exit);
            Assert.Contains("cannot listen", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(DataDirectory));
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task An_http_port_in_use_is_exit_5()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (exit, error) = await RunServerAsync("--port", "0", "--http-port", port, "--data-dir", DataDirectory);
            Assert.Equal(ServerExitCodes.Listen, exit);
            Assert.Contains("cannot listen for HTTP", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }
        finally
        {
            taken.Stop();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
