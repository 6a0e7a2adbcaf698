using Exchange.Protocol.Session;

namespace Exchange.Protocol.Tests;

public sealed class LoginRejectReasonTests
{
    [Theory]
    [InlineData(LoginRejectReason.NotAuthorized, false)]
    [InlineData(LoginRejectReason.UnsupportedProtocolVersion, false)]
    [InlineData(LoginRejectReason.AlreadyLoggedIn, true)]
    [InlineData(LoginRejectReason.ResendWindowExceeded, false)]
    [InlineData(LoginRejectReason.TooManyConnections, true)]
    [InlineData(LoginRejectReason.ServerShuttingDown, true)]
    [InlineData(LoginRejectReason.LoginTimeout, true)]
    [InlineData(LoginRejectReason.LockedOut, true)]
    public void A_client_retries_only_refusals_that_waiting_can_change(LoginRejectReason reason, bool transient) =>
        Assert.Equal(transient, reason.IsTransient());

    [Fact]
    public void Every_reason_is_classified() =>
        Assert.Equal(8, Enum.GetValues<LoginRejectReason>().Length); // a new reason must be added to the theory above
}
