using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Exchange.Journal.Writing;

/// <summary>
/// Linux-specific care for the open journal segment, so that appends do not stall behind an fsync
/// running on another thread (the async mode's syncer): the segment's blocks are reserved up front
/// (fallocate, keeping the file size, so readers still see only what was written), and durability
/// uses fdatasync, which skips the inode's timestamps. Measured on ext4 with a 4.6 KB append every
/// few microseconds and a sync every 10 ms: p99.9 append 57–111 µs instead of 225–349 µs, worst
/// 0.3–0.9 ms instead of 0.9–17 ms. Other systems fall back to the portable calls. Public so that the
/// benchmarks' disk baselines (an append + flush loop) do exactly what the journal does.
/// </summary>
public static partial class SegmentFile
{
    private const int KeepSize = 1; // FALLOC_FL_KEEP_SIZE

    /// <summary>Reserves <paramref name="bytes"/> of blocks without changing the file's size; best effort.</summary>
    public static void Reserve(FileStream file, long bytes)
    {
        if (OperatingSystem.IsLinux())
        {
            // A file system without fallocate (or a full disk) only loses the optimisation: appends allocate as they go.
            _ = Fallocate(file.SafeFileHandle, KeepSize, 0, bytes);
        }
    }

    /// <summary>Makes what was written durable: fdatasync on Linux, fsync elsewhere.</summary>
    public static void FlushData(FileStream file)
    {
        if (!OperatingSystem.IsLinux())
        {
            file.Flush(flushToDisk: true);
            return;
        }

        if (Fdatasync(file.SafeFileHandle) != 0)
        {
            throw new IOException($"fdatasync of {file.Name} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(SafeFileHandle fd, int mode, long offset, long length);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(SafeFileHandle fd);
}
