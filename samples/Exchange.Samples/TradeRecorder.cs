using System.Globalization;
using Exchange.Client;
using Exchange.Protocol.MarketData;

namespace Exchange.Samples;

/// <summary>Writes every public trade of an instrument to CSV as it happens (a market-data-only session is enough).</summary>
public static class TradeRecorder
{
    public static async Task<int> RecordAsync(ExchangeClient client, int instrument, TextWriter csv, CancellationToken stop)
    {
        await client.SubscribeBookAsync(instrument, depth: 1, stop);
        await csv.WriteLineAsync("trade_id,time,instrument,price,quantity,aggressor");
        await csv.FlushAsync(stop);
        var trades = 0;
        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(stop))
            {
                if (message.TryAs<PublicTrade>(out var trade) && trade.Instrument == instrument)
                {
                    var time = DateTimeOffset.UnixEpoch.AddTicks(trade.Timestamp / 100).ToString("O", CultureInfo.InvariantCulture);
                    await csv.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{trade.TradeId},{time},{trade.Instrument},{trade.Price},{trade.Quantity},{(trade.AggressorSide == 1 ? "buy" : "sell")}"));
                    await csv.FlushAsync(stop);
                    trades++;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return trades;
    }
}
