using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Exchange.Disruptor;

/// <summary>Cold throwing paths kept out of the hot methods so those stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowAlert() => throw AlertException.Instance;

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowClaimOutOfRange(int n, int bufferSize) =>
        throw new ArgumentOutOfRangeException(nameof(n), n, $"Can claim 1 to {bufferSize} slots at once.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowNotPowerOfTwo(int bufferSize) =>
        throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "Buffer size must be a positive power of two.");
}
