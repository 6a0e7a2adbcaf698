using BenchmarkDotNet.Attributes;
using Exchange.Benchmarks.Workloads;
using Exchange.Core.Commands;
using Exchange.Journal.Writing;

namespace Exchange.Benchmarks.Journal;

/// <summary>
/// Appending workload commands to the journal in batches of 64 (encode, CRC, one write per batch,
/// LZ4 block or plain, with or without the hash chain), without fsync: fsync cost is the
/// engine-throughput harness's subject. The baseline writes the same number of bytes to a file with
/// no encoding at all. Results are per command.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Journal")]
public class JournalAppendBenchmarks
{
    private const int Batch = 64;
    private const int Batches = 64;
    private Command[] _commands = [];
    private string _directory = string.Empty;
    private JournalWriter _writer = null!;
    private FileStream _raw = null!;
    private byte[] _rawBatch = [];
    private long _sequence;
    private int _next;

    [Params(false, true)]
    public bool Lz4 { get; set; }

    /// <summary>False measures the writer without the SHA-256 link in each seal: the chain's cost per command, in the same run.</summary>
    [Params(true, false)]
    public bool HashChain { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _commands = Workload.Generate(WorkloadProfile.OneInstrument(100_000)).Commands;
        _directory = Path.Combine(Path.GetTempPath(), "exchange-journal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _writer = new JournalWriter(Path.Combine(_directory, "journal"), new JournalWriterOptions { Lz4Blocks = Lz4, SyncOnCommit = false, SegmentBytes = 256L * 1024 * 1024, HashChain = HashChain });
        _raw = new FileStream(Path.Combine(_directory, "raw.bin"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);

        // About what a plain record of the workload takes (header + payload).
        _rawBatch = new byte[Batch * 72];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _raw.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch * Batches, Description = "raw write of the same bytes")]
    public void RawWrite()
    {
        for (var b = 0; b < Batches; b++)
        {
            _raw.Write(_rawBatch);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch * Batches, Description = "journal append + commit (no fsync)")]
    public void Append()
    {
        for (var b = 0; b < Batches; b++)
        {
            for (var i = 0; i < Batch; i++)
            {
                var command = _commands[_next];
                _next = (_next + 1) % _commands.Length;
                command.Sequence = ++_sequence;
                command.Timestamp = _sequence;
                _writer.Append(command);
            }

            _writer.Commit();
        }
    }
}
