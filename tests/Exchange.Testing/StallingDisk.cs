using Exchange.Journal.Writing;

namespace Exchange.Testing;

/// <summary>
/// The journal's disk, made slow on demand: while stalled, every write waits until <see cref="Release"/>
/// (the journaller thread stands still, as behind a disk that has stopped answering), so the input
/// ring fills and back-pressure can be observed.
/// </summary>
public sealed class StallingDisk : SegmentIo, IDisposable
{
    private readonly ManualResetEventSlim _open = new(initialState: true);

    /// <summary>Writes from now on wait.</summary>
    public void Stall() => _open.Reset();

    /// <summary>Lets every waiting and later write through.</summary>
    public void Release() => _open.Set();

    public override void Write(FileStream segment, ReadOnlySpan<byte> bytes)
    {
        _open.Wait(TimeSpan.FromMinutes(2));
        base.Write(segment, bytes);
    }

    public void Dispose() => _open.Dispose();
}
