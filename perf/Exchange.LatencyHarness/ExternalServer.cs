using System.Globalization;
using Exchange.Client;
using Exchange.Protocol.Admin;

namespace Exchange.LatencyHarness;

/// <summary>
/// Makes a running server (<c>--host</c>, e.g. the README's) ready for the harness out of the box:
/// opens the harness's accounts with their secrets and funds them through the admin messages (a
/// second run finds them there), and prices the orders around the instrument's last trade (or the
/// middle of its band) so they pass the band and trade.
/// </summary>
internal static class ExternalServer
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Funding per asset: enough for every order a run can send.</summary>
    private const long Funding = 1_000_000_000_000;

    public static async Task<HarnessSettings> PrepareAsync(HarnessSettings settings, TextWriter output)
    {
        if (settings.AdminAccount > 0)
        {
            await OnboardAsync(settings, output).ConfigureAwait(false);
        }

        await using var client = await ExchangeClient.ConnectAsync(settings.Host!, settings.Port, settings.FirstAccount, ExchangeUnderTest.SecretOf(settings, settings.FirstAccount),
            ExchangeClient.LiveOnly).ConfigureAwait(false);
        var reports = await client.QueryInstrumentsAsync(Patience, settings.Instrument).ConfigureAwait(false);
        if (reports.Count == 0 || settings.MidPriceGiven)
        {
            return settings;
        }

        var i = reports[0];
        var mid = i.LastTradePrice > 0 ? i.LastTradePrice : i.BandHigh != long.MaxValue ? (i.BandLow / 2) + (i.BandHigh / 2) : settings.MidPrice;
        mid = mid / i.TickSize * i.TickSize;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i.Symbol}: orders priced around {mid:N0} ({(i.LastTradePrice > 0 ? "last trade" : "middle of the band")})"));
        return settings with { MidPrice = mid };
    }

    private static async Task OnboardAsync(HarnessSettings settings, TextWriter output)
    {
        await using var admin = await ExchangeClient.ConnectAsync(settings.Host!, settings.Port, settings.AdminAccount, settings.AdminSecret, ExchangeClient.LiveOnly).ConfigureAwait(false);
        var listed = await admin.QueryInstrumentsAsync(Patience, settings.Instrument).ConfigureAwait(false);
        var instrument = listed.Count > 0 ? listed[0] : default;
        for (var n = 0; n < settings.Connections; n++)
        {
            var account = settings.FirstAccount + n;
            using (var patience = new CancellationTokenSource(Patience))
            {
                await admin.AddAccountAsync(account, ExchangeUnderTest.SecretOf(settings, account), patience.Token).ConfigureAwait(false); // one that exists already is refused: fine
            }

            foreach (var asset in new[] { instrument.BaseAsset, instrument.QuoteAsset })
            {
                if (asset != 0)
                {
                    using var patience = new CancellationTokenSource(Patience);
                    await admin.DepositAsync(account, (int)asset, Funding, patience.Token).ConfigureAwait(false);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accounts {settings.FirstAccount}..{settings.FirstAccount + settings.Connections - 1} opened (or found) and funded on {settings.Host}"));
    }
}
