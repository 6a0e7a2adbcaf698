using System.Text;
using System.Text.Json;
using Exchange.Core.Events;
using Exchange.Events;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// <c>events --format json</c>: one event per line in exactly the form the event stream carries (<see cref="EventJson"/>),
/// so a line printed here and the body of the stream's message with the same sequence and index are the same bytes.
/// </summary>
internal sealed class EventJsonLines(TextWriter output, SymbolNames names) : IDisposable
{
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter? _json;

    public void Write(in Event e, int index)
    {
        _buffer.ResetWrittenCount();
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_buffer);
        }
        else
        {
            _json.Reset(_buffer);
        }

        EventJson.Write(_json, e, index, names);
        _json.Flush();
        output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }

    public void Dispose() => _json?.Dispose();
}
