using System.Globalization;

namespace Exchange.Client.Tests;

/// <summary>What docs/protocol.md and docs/client.md say of the SDK's defaults is what the SDK does (protocol.md once said 3 in one place and 2 in another).</summary>
public sealed class ClientDocTests
{
    [Fact]
    public void The_documents_name_the_protocol_version_the_SDK_logs_in_with()
    {
        var version = new ClientOptions { Endpoints = [("127.0.0.1", 1)], Account = 1, Secret = "s" }.ProtocolVersion.ToString(CultureInfo.InvariantCulture);
        var protocol = File.ReadAllText(Path.Combine(Exchange.Testing.Repository.Root(), "docs", "protocol.md")).ReplaceLineEndings(" ");
        Assert.Contains($"Both SDKs log in with {version} unless told otherwise", protocol, StringComparison.Ordinal);
        Assert.Contains($"login (protocol version {version} by default;", protocol, StringComparison.Ordinal);
        Assert.Contains($"protocol_version: int = {version},", File.ReadAllText(Path.Combine(Exchange.Testing.Repository.Root(), "clients", "python", "exchange_client", "client.py")), StringComparison.Ordinal);
    }
}
