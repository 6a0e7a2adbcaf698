using Exchange.Testing;
using System.Text;
using Exchange.Client;
using Exchange.Protocol.Admin;
using Exchange.Protocol.Session;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

/// <summary>An account opened at run time with a secret logs in at once and after restarts; only a salted hash of the secret is ever stored.</summary>
public sealed class OnboardingTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-onboarding-tests", Guid.NewGuid().ToString("N"));

    private ExchangeService Service() => new(Options.Create(new ServerSettings
    {
        DataDirectory = _data,
        Port = 0,
        HttpPort = -1,
        Accounts = [new AccountSetting { Id = 9000, Secret = "admin-secret", Admin = true }, new AccountSetting { Id = 1004, Secret = "erin-secret" }],
    }), NullLogger<ExchangeService>.Instance);

    [Fact]
    public async Task An_account_added_with_a_secret_logs_in_at_once_and_after_restarts_from_the_snapshot_and_from_the_journal()
    {
        var first = Service();
        await first.StartAsync(CancellationToken.None);
        await using (var admin = await ExchangeClient.ConnectAsync("127.0.0.1", first.Port, 9000, "admin-secret"))
        {
            await admin.SendAsync(new AdminCommand(71, 20, 0, 0, 2001, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "dave-secret"));
            var added = await admin.WaitForAsync<AdminResultV2>(Patience);
            while (added.ClientMessageId != 71)
            {
                added = await admin.WaitForAsync<AdminResultV2>(Patience);
            }

            Assert.Equal((23, 2001UL), (added.Event, added.Account));
        }

        await LogsInAsync(first.Port, 2001, "dave-secret");
        var wrong = await Assert.ThrowsAsync<LoginRejectedException>(() => ExchangeClient.ConnectAsync("127.0.0.1", first.Port, 2001, "not-dave"));
        Assert.Equal(LoginRejectReason.NotAuthorized, wrong.Reason);

        // A configured account the demo does not create was added to the engine at start-up, so it can log in (and trade).
        await LogsInAsync(first.Port, 1004, "erin-secret");
        await first.StopAsync(CancellationToken.None);

        var fromSnapshot = Service();
        await fromSnapshot.StartAsync(CancellationToken.None);
        await LogsInAsync(fromSnapshot.Port, 2001, "dave-secret");
        await fromSnapshot.StopAsync(CancellationToken.None);

        // Without snapshots the credential comes back from the journaled AddAccount (its hash).
        Directory.Delete(Path.Combine(_data, "snapshots"), recursive: true);
        var fromJournal = Service();
        await fromJournal.StartAsync(CancellationToken.None);
        Assert.Equal(0, fromJournal.Engine!.Recovery.SnapshotSequence);
        await LogsInAsync(fromJournal.Port, 2001, "dave-secret");
        await fromJournal.StopAsync(CancellationToken.None);

        // The secret itself is nowhere on disk.
        var secret = Encoding.UTF8.GetBytes("dave-secret");
        foreach (var file in Directory.EnumerateFiles(_data, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(secret) < 0, $"{file} holds the secret");
        }
    }

    [Fact]
    public async Task A_configured_account_may_carry_a_salted_hash_instead_of_its_secret()
    {
        var hash = Gateway.Accounts.SecretHashText.Format(Gateway.Accounts.AccountCredentials.HashSecret("frank-secret"));
        var service = new ExchangeService(Options.Create(new ServerSettings
        {
            DataDirectory = _data,
            Port = 0,
            HttpPort = -1,
            Accounts = [new AccountSetting { Id = 1005, SecretHash = hash }, new AccountSetting { Id = 9000, SecretHash = Gateway.Accounts.SecretHashText.Format(Gateway.Accounts.AccountCredentials.HashSecret("admin-secret")), Admin = true }],
        }), NullLogger<ExchangeService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await LogsInAsync(service.Port, 1005, "frank-secret");
            var wrong = await Assert.ThrowsAsync<LoginRejectedException>(() => ExchangeClient.ConnectAsync("127.0.0.1", service.Port, 1005, hash[..32])); // the hash is not the secret
            Assert.Equal(LoginRejectReason.NotAuthorized, wrong.Reason);
            await using var admin = await ExchangeClient.ConnectAsync("127.0.0.1", service.Port, 9000, "admin-secret");
            Assert.True((await admin.TakeSnapshotAsync().WaitAsync(Patience)).IsAccepted); // Admin holds with a hash too
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static async Task LogsInAsync(int port, long account, string secret)
    {
        await using var client = await ExchangeClient.ConnectAsync("127.0.0.1", port, account, secret);
        Assert.Equal(account, client.Account);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
