using System.Globalization;
using Exchange.Client;
using Exchange.Protocol.Queries;

namespace Exchange.Cli;

/// <summary>
/// The venue's instruments and assets, fetched once per run, so the command line takes symbols
/// (BTC-USD, USD) as well as ids and prints symbols, and a rejection can name the rule that failed.
/// </summary>
internal sealed class ReferenceData(IReadOnlyList<InstrumentReport> instruments, IReadOnlyList<AssetReport> assets)
{
    public static async Task<ReferenceData> LoadAsync(ExchangeClient client, TimeSpan wait) =>
        new(await client.QueryInstrumentsAsync(wait), await client.QueryAssetsAsync(wait));

    public IReadOnlyList<InstrumentReport> Instruments => instruments;

    public IReadOnlyList<AssetReport> Assets => assets;

    public InstrumentReport? Instrument(uint id)
    {
        foreach (var i in instruments)
        {
            if (i.Instrument == id)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The instrument's symbol, or its id when the venue does not list it.</summary>
    public string InstrumentName(uint id) => Instrument(id)?.Symbol ?? "instrument " + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The asset's symbol, or "asset N" when none is configured.</summary>
    public string AssetName(uint id)
    {
        foreach (var a in assets)
        {
            if (a.Asset == id)
            {
                return a.Symbol;
            }
        }

        return "asset " + id.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An instrument given by symbol (any case) or id; null with the reason when the venue has no such instrument.</summary>
    public uint? ResolveInstrument(string text, out string? problem)
    {
        problem = null;
        foreach (var i in instruments)
        {
            if (string.Equals(i.Symbol, text, StringComparison.OrdinalIgnoreCase) || i.Instrument.ToString(CultureInfo.InvariantCulture) == text)
            {
                return i.Instrument;
            }
        }

        problem = $"no instrument '{text}' (known: {string.Join(", ", instruments.Select(i => $"{i.Symbol} ({i.Instrument})"))})";
        return null;
    }

    /// <summary>An asset given by symbol (any case) or id; ids are accepted even when no symbol is configured.</summary>
    public uint? ResolveAsset(string text, out string? problem)
    {
        problem = null;
        foreach (var a in assets)
        {
            if (string.Equals(a.Symbol, text, StringComparison.OrdinalIgnoreCase))
            {
                return a.Asset;
            }
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        problem = $"no asset '{text}' (known: {string.Join(", ", assets.Select(a => $"{a.Symbol} ({a.Asset})"))})";
        return null;
    }
}
