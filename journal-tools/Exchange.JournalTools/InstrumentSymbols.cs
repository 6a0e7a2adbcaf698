using System.Globalization;

namespace Exchange.JournalTools;

/// <summary>
/// The instruments a journal lists (from its AddInstrument records, read by <see cref="Commands.JournalExtent"/>), so every command takes
/// <c>--instrument BTC-USD</c> as well as an id and prints symbols beside ids.
/// </summary>
internal sealed class InstrumentSymbols(Dictionary<int, string> symbols)
{
    public string? SymbolOf(int instrument) => symbols.GetValueOrDefault(instrument);

    /// <summary>A symbol (any case) or an id the journal lists; null with the reason otherwise.</summary>
    public int? Resolve(string text, out string? problem)
    {
        problem = null;
        foreach (var (id, symbol) in symbols)
        {
            if (string.Equals(symbol, text, StringComparison.OrdinalIgnoreCase) || id.ToString(CultureInfo.InvariantCulture) == text)
            {
                return id;
            }
        }

        problem = $"no instrument '{text}' in this journal (it lists {(symbols.Count == 0 ? "none" : string.Join(", ", symbols.OrderBy(s => s.Key).Select(s => $"{s.Value} ({s.Key})")))})";
        return null;
    }
}
