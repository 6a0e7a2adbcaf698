namespace Exchange.Gateway;

/// <summary>
/// An asset as clients see it: the engine knows assets only by id, so their symbols (and how many
/// decimals a display shows) are reference data the operator configures and the gateway serves.
/// </summary>
/// <param name="Id">The asset id used in orders, balances and instruments.</param>
/// <param name="Symbol">What people call it (BTC, USD), at most 32 UTF-8 bytes.</param>
/// <param name="Decimals">Decimal places a display shows; amounts on the wire stay integers.</param>
public sealed record AssetInfo(int Id, string Symbol, int Decimals = 0);
