using System.Globalization;
using Exchange.Client;
using Exchange.Protocol.MarketData;
using Spectre.Console;
using static System.FormattableString;

namespace Exchange.Cli;

/// <summary>
/// <c>book --follow</c> and <c>trades --follow</c>: a table redrawn in place as the market moves
/// (Spectre.Console), over a market-data-only session, until Ctrl-C or the given time is up.
/// </summary>
internal sealed class LiveViews(ExchangeClient client, ReferenceData refs, TimeSpan? runFor, TextWriter output)
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(250);

    public async Task<int> BookAsync(uint instrument, int depth)
    {
        var book = await client.SubscribeBookAsync((int)instrument, depth);
        var table = new Table().Title(refs.InstrumentName(instrument));
        table.AddColumn(new TableColumn("orders").RightAligned()).AddColumn(new TableColumn("bid qty").RightAligned()).AddColumn(new TableColumn("bid").RightAligned())
            .AddColumn("ask").AddColumn(new TableColumn("ask qty").RightAligned()).AddColumn(new TableColumn("orders").RightAligned());
        await RunAsync(table, () =>
        {
            table.Rows.Clear();
            var bids = book.Bids(depth);
            var asks = book.Asks(depth);
            for (var i = 0; i < Math.Max(bids.Count, asks.Count); i++)
            {
                table.AddRow(
                    i < bids.Count ? N(bids[i].Orders) : string.Empty, i < bids.Count ? N(bids[i].Quantity) : string.Empty, i < bids.Count ? $"[green]{N(bids[i].Price)}[/]" : string.Empty,
                    i < asks.Count ? $"[red]{N(asks[i].Price)}[/]" : string.Empty, i < asks.Count ? N(asks[i].Quantity) : string.Empty, i < asks.Count ? N(asks[i].Orders) : string.Empty);
            }

            table.Caption(Invariant($"sequence {book.Sequence:N0}{(book.Gaps > 0 ? $", {book.Gaps} gaps resynced" : string.Empty)}"));
        }, _ => { });
        return CliExitCodes.Ok;
    }

    public async Task<int> TradesAsync(uint instrument)
    {
        await client.SubscribeMarketDataAsync((int)instrument, 1);
        var recent = new List<PublicTrade>();
        var table = new Table().Title(refs.InstrumentName(instrument) + " trades");
        table.AddColumn(new TableColumn("trade").RightAligned()).AddColumn(new TableColumn("quantity").RightAligned()).AddColumn(new TableColumn("price").RightAligned()).AddColumn("aggressor");
        await RunAsync(table, () =>
        {
            table.Rows.Clear();
            for (var i = recent.Count - 1; i >= 0; i--)
            {
                var t = recent[i];
                table.AddRow(N(t.TradeId), N(t.Quantity), t.AggressorSide == 1 ? $"[green]{N(t.Price)}[/]" : $"[red]{N(t.Price)}[/]", t.AggressorSide == 1 ? "buyer" : "seller");
            }
        }, message =>
        {
            if (message.Message is PublicTrade trade && trade.Instrument == instrument)
            {
                recent.Add(trade);
                if (recent.Count > 20)
                {
                    recent.RemoveAt(0);
                }
            }
        });
        return CliExitCodes.Ok;
    }

    /// <summary>Redraws <paramref name="table"/> after each burst of messages until Ctrl-C or the time is up.</summary>
    private async Task RunAsync(Table table, Action fill, Action<ServerMessage> onMessage)
    {
        using var stop = runFor is { } time ? new CancellationTokenSource(time) : new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            await console.Live(table).StartAsync(async context =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var burst = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    burst.CancelAfter(Redraw);
                    try
                    {
                        while (true)
                        {
                            onMessage(await client.Messages.ReadAsync(burst.Token));
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    fill();
                    context.Refresh();
                }
            });
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string N(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string N(uint value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
