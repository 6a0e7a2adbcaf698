using Exchange.Core.Instruments;

namespace Exchange.Events;

/// <summary>
/// Instrument symbols by id, and asset symbols taken from them: a journal names no assets (the server's
/// configuration does), so BTC-USD (or BTC/USD) with base asset 1 and quote asset 2 names asset 1 BTC and asset 2
/// USD; the first instrument to name an asset wins. journal-tools and the relay share this rule, so both print
/// the same names.
/// </summary>
public sealed class SymbolNames
{
    private readonly Dictionary<int, string> _instruments = [];
    private readonly Dictionary<int, string> _assets = [];

    public string? SymbolOf(int instrument) => _instruments.GetValueOrDefault(instrument);

    public string? AssetSymbolOf(int asset) => _assets.GetValueOrDefault(asset);

    /// <summary>The instruments known, by id.</summary>
    public IReadOnlyDictionary<int, string> Instruments => _instruments;

    /// <summary>Records an instrument and the asset names its symbol gives (an id already known keeps its first symbol).</summary>
    public void Add(InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _instruments.TryAdd(spec.Id, spec.Symbol);
        var parts = spec.Symbol.Split('-', '/');
        if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
        {
            _assets.TryAdd(spec.BaseAsset, parts[0]);
            _assets.TryAdd(spec.QuoteAsset, parts[1]);
        }
    }
}
