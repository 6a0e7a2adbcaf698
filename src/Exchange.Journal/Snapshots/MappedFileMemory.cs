using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Exchange.Journal.Snapshots;

/// <summary>
/// A whole file mapped read-only into memory, as <see cref="Memory{T}"/>: a read model loaded from a
/// large read-model file can keep slices of it (a resend window's frames) instead of copying tens of
/// megabytes into fresh arrays at start-up, which costs more in page faults than the rest of the
/// restart. The mapping lives while anything references the memory, and is released when the last
/// slice is dropped (finalizer) or on <see cref="IDisposable.Dispose"/>. Whoever keeps a slice must keep
/// it (the <see cref="Memory{T}"/>, not only a span of it) for as long as it reads spans of it.
/// </summary>
/// <remarks>
/// The file must not be truncated while mapped (reading past its new end would fault the process);
/// the snapshot store never does: it writes new files beside it and deletes old ones, which on Linux
/// leaves a mapping intact.
/// </remarks>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;
    private int _released;

    private MappedFileMemory(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

#pragma warning disable CA2015 // Spans of the mapping are only taken from a Memory held by a live owner (a reply stream, under its lock), and owners drop it only when no span of it is in use.
    ~MappedFileMemory() => Dispose(false);
#pragma warning restore CA2015

    /// <summary>Maps a file of 1 byte to 2 GB; throws as <see cref="File.OpenHandle"/> does when it cannot be opened.</summary>
    public static MappedFileMemory Open(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
        var length = stream.Length;
        if (length is 0 or > int.MaxValue)
        {
            throw new IOException($"{path}: {length} bytes cannot be mapped as one span");
        }

        var file = MemoryMappedFile.CreateFromFile(stream, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        try
        {
            return new MappedFileMemory(file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), (int)length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        return new Span<byte>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length);
        return new MemoryHandle(_pointer + elementIndex, default, this);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        if (disposing)
        {
            _view.Dispose();
            _file.Dispose();
        }
    }
}
