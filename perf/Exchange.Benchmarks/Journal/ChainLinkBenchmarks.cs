using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Exchange.Journal.Format;

namespace Exchange.Benchmarks.Journal;

/// <summary>
/// One link of the journal's hash chain (SHA-256 over the previous link and a batch), per batch
/// size: with a hasher set up for each link, and with the reused one the writer and reader keep.
/// The baseline is the CRC-32C the journal computes over the same bytes anyway.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Journal")]
public class ChainLinkBenchmarks
{
    private byte[] _batch = [];
    private readonly IncrementalHash _reused = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes hashed: one record, a batch of 64 records, a batch of 4,096.</summary>
    [Params(124, 5_920, 376_864)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = new byte[Bytes];
        new Random(1).NextBytes(_batch);
    }

    [GlobalCleanup]
    public void Cleanup() => _reused.Dispose();

    [Benchmark(Baseline = true, Description = "CRC-32C of the same bytes")]
    public uint Crc() => System.IO.Hashing.Crc32.HashToUInt32(System.IO.Hashing.Crc32ParameterSet.Crc32C, _batch);

    [Benchmark(Description = "SHA-256 link, new hasher per link")]
    public ChainValue NewHasher() => ChainValue.Next(ChainValue.Zero, _batch);

    [Benchmark(Description = "SHA-256 link, reused hasher (writer, reader)")]
    public ChainValue Reused() => ChainValue.Next(_reused, ChainValue.Zero, _batch);
}
