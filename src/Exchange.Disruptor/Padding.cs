namespace Exchange.Disruptor;

/// <summary>
/// The one constant behind every padded layout here. 128 bytes rather than one 64-byte line,
/// because x86 prefetchers fetch cache lines in adjacent pairs, so two hot fields 64 bytes apart
/// still contend.
/// </summary>
public static class Padding
{
    public const int Bytes = 128;
}
