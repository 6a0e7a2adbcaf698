namespace Exchange.Core.Matching;

/// <summary>Why an aggressor stopped matching; decides how its remainder ends.</summary>
internal enum MatchStop : byte
{
    Filled,
    BookEmpty,
    PriceLimit,
    SelfTrade,
    BudgetExhausted,
}
