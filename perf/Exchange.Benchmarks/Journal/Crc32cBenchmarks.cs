using System.IO.Hashing;
using BenchmarkDotNet.Attributes;

namespace Exchange.Benchmarks.Journal;

/// <summary>
/// The journal's record checksum (CRC-32C, hardware-accelerated where the CPU has it) next to the
/// IEEE CRC-32 of the same library over the same bytes, at record and batch sizes.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Journal")]
public class Crc32cBenchmarks
{
    private byte[] _data = [];

    [Params(64, 256, 4_096, 65_536)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Bytes];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true, Description = "CRC-32 (IEEE)")]
    public uint Ieee() => Crc32.HashToUInt32(_data);

    /// <summary>The call the journal's checksum makes (Exchange.Journal.Format.Checksum is internal).</summary>
    [Benchmark(Description = "CRC-32C (the journal's checksum)")]
    public uint Castagnoli() => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, _data);
}
