using BenchmarkDotNet.Attributes;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;

namespace Exchange.Benchmarks.Protocol;

/// <summary>
/// Encoding and decoding the commonest frames (NewOrder in, OrderExecuted out) next to the floor: a
/// plain copy of the same number of bytes. Results are per message.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Protocol")]
public class ProtocolCodecBenchmarks
{
    private const int Messages = 1_000;
    private readonly byte[] _buffer = new byte[FrameCodec.DefaultMaxFrame];
    private readonly byte[] _source = new byte[FrameCodec.DefaultMaxFrame];
    private readonly NewOrder _order = new(1, 7, 1, 1, 1, 1, 0, 0, 0, 0, 65_100, 5, 0);
    private readonly OrderExecuted _execution = new(9, 10, 11, 12, 13, 14, 65_100, 5, 0, 3, 2, 1, 0, 1);
    private byte[] _encodedOrder = [];

    [GlobalSetup]
    public void Setup()
    {
        _encodedOrder = new byte[FrameHeader.Size + NewOrder.BodySize];
        FrameCodec.Write(_encodedOrder, _order);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages, Description = "copy 56 bytes (the floor)")]
    public int Copy()
    {
        var sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            _source.AsSpan(0, 56).CopyTo(_buffer);
            sum += _buffer[i & 31];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "encode NewOrder frame")]
    public int EncodeNewOrder()
    {
        var sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            sum += FrameCodec.Write(_buffer, _order);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "find + decode NewOrder frame")]
    public long DecodeNewOrder()
    {
        var sum = 0L;
        for (var i = 0; i < Messages; i++)
        {
            if (FrameCodec.TryRead(_encodedOrder, FrameCodec.DefaultMaxFrame, out var header) == FrameStatus.Complete &&
                FrameCodec.TryReadBody<NewOrder>(_encodedOrder, header, out var order))
            {
                sum += order.Price;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "encode OrderExecuted frame")]
    public int EncodeOrderExecuted()
    {
        var sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            sum += FrameCodec.Write(_buffer, _execution);
        }

        return sum;
    }
}
