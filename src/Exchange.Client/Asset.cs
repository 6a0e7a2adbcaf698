namespace Exchange.Client;

/// <summary>An asset the venue lists, so amounts can be shown and chosen by symbol (USD) rather than by number.</summary>
/// <param name="Id">The asset's id on the wire.</param>
/// <param name="Symbol">Its symbol (BTC, USD).</param>
/// <param name="Decimals">Decimal places of the asset's display unit (amounts on the wire are whole units).</param>
public sealed record Asset(int Id, string Symbol, int Decimals);
