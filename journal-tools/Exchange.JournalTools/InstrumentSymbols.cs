using System.Globalization;

namespace Exchange.JournalTools;

/// <summary>
/// The instruments a journal lists (from its AddInstrument records, read by <see cref="Commands.JournalExtent"/>), so every command takes
/// <c>--instrument BTC-USD</c> as well as an id and prints symbols beside ids. A journal holds no
/// asset symbols (the server's configuration names them), so assets are named from the instrument
/// symbols that trade them: BTC-USD (or BTC/USD) with base asset 1 and quote asset 2 names 1 BTC and
/// 2 USD; the first instrument to name an asset wins, and an asset no such symbol names stays an id.
/// </summary>
internal sealed class InstrumentSymbols(Dictionary<int, string> symbols, Dictionary<int, string> assets)
{
    public string? SymbolOf(int instrument) => symbols.GetValueOrDefault(instrument);

    public string? AssetSymbolOf(int asset) => assets.GetValueOrDefault(asset);

    /// <summary>Records an instrument of the journal and the asset names its symbol gives.</summary>
    public static void Add(Core.Instruments.InstrumentSpec spec, Dictionary<int, string> symbols, Dictionary<int, string> assets)
    {
        ArgumentNullException.ThrowIfNull(spec);
        symbols.TryAdd(spec.Id, spec.Symbol);
        var parts = spec.Symbol.Split('-', '/');
        if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
        {
            assets.TryAdd(spec.BaseAsset, parts[0]);
            assets.TryAdd(spec.QuoteAsset, parts[1]);
        }
    }

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
