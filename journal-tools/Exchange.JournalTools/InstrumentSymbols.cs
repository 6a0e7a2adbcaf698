using System.Globalization;
using Exchange.Events;

namespace Exchange.JournalTools;

/// <summary>
/// The instruments a journal lists (from its AddInstrument records, read by <see cref="Commands.JournalExtent"/>), so every command takes
/// <c>--instrument BTC-USD</c> as well as an id and prints symbols beside ids. Asset names come from the instrument
/// symbols by the rule the event stream uses too (<see cref="SymbolNames"/>).
/// </summary>
internal sealed class InstrumentSymbols(SymbolNames names)
{
    public SymbolNames Names => names;

    public string? SymbolOf(int instrument) => names.SymbolOf(instrument);

    public string? AssetSymbolOf(int asset) => names.AssetSymbolOf(asset);

    /// <summary>A symbol (any case) or an id the journal lists; null with the reason otherwise.</summary>
    public int? Resolve(string text, out string? problem)
    {
        problem = null;
        foreach (var (id, symbol) in names.Instruments)
        {
            if (string.Equals(symbol, text, StringComparison.OrdinalIgnoreCase) || id.ToString(CultureInfo.InvariantCulture) == text)
            {
                return id;
            }
        }

        var known = names.Instruments;
        problem = $"no instrument '{text}' in this journal (it lists {(known.Count == 0 ? "none" : string.Join(", ", known.OrderBy(s => s.Key).Select(s => $"{s.Value} ({s.Key})")))})";
        return null;
    }
}
