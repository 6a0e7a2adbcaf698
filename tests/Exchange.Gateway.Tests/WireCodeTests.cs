namespace Exchange.Gateway.Tests;

/// <summary>
/// The engine's enums and the protocol's (what the SDK exposes) are two definitions of the same wire
/// codes: the gateway casts between them, so every name must carry the same number in both.
/// </summary>
public sealed class WireCodeTests
{
    public static TheoryData<Type, Type> Pairs => new()
    {
        { typeof(Core.Orders.Side), typeof(Protocol.Orders.Side) },
        { typeof(Core.Orders.OrderType), typeof(Protocol.Orders.OrderType) },
        { typeof(Core.Orders.TimeInForce), typeof(Protocol.Orders.TimeInForce) },
        { typeof(Core.Orders.SelfTradePrevention), typeof(Protocol.Orders.SelfTradePrevention) },
        { typeof(Core.Orders.RejectReason), typeof(Protocol.Orders.OrderRejectReason) },
        { typeof(Core.Orders.CancelReason), typeof(Protocol.Orders.CancelReason) },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Engine_and_protocol_enums_have_the_same_names_and_codes(Type engine, Type protocol)
    {
        static List<(string, long)> Codes(Type type) =>
            [.. Enum.GetNames(type).Select(name => (name, Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture))).OrderBy(c => c.Item2)];

        Assert.Equal(Codes(engine), Codes(protocol));
        Assert.Equal(Enum.GetUnderlyingType(engine), Enum.GetUnderlyingType(protocol));
    }
}
