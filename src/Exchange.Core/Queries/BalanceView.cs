namespace Exchange.Core.Queries;

/// <summary>An account's balance of one asset: free to use, and reserved by open orders.</summary>
public readonly record struct BalanceView(int AssetId, long Available, long Held);
