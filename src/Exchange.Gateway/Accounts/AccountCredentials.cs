using System.Security.Cryptography;
using System.Text;
using Exchange.Core.Accounts;

namespace Exchange.Gateway.Accounts;

/// <summary>
/// What the gateway keeps to check a login: a random salt and the PBKDF2-SHA256 hash of the
/// secret, never the secret itself. Verification compares in constant time.
/// </summary>
public sealed record AccountCredentials(long AccountId, byte[] Salt, byte[] Hash, bool IsAdmin, int Iterations = AccountCredentials.DefaultIterations)
{
    /// <summary>PBKDF2 iterations for new hashes: tens of milliseconds per check, which is what makes guessing expensive.</summary>
    public const int DefaultIterations = 100_000;
    private const int HashBytes = 32;

    public static AccountCredentials Create(long accountId, string secret, bool isAdmin = false)
    {
        var hash = HashSecret(secret);
        return new AccountCredentials(accountId, hash.Salt, hash.Hash, isAdmin);
    }

    /// <summary>A new random salt and the secret's hash under it: what onboarding journals instead of the secret.</summary>
    public static SecretHash HashSecret(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new SecretHash(salt, Derive(secret, salt, DefaultIterations), DefaultIterations);
    }

    /// <summary>The credentials of an account onboarded with <paramref name="hash"/> (an admin only when configured as one).</summary>
    public static AccountCredentials From(long accountId, SecretHash hash, bool isAdmin = false)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return new(accountId, hash.Salt, hash.Hash, isAdmin, hash.Iterations);
    }

    /// <summary>
    /// The networks this account may log in from (null: any). A login from elsewhere is refused without a
    /// password check; one from inside counts as a known address (<see cref="LoginGuard"/>).
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork>? AllowedNetworks { get; init; }

    /// <summary>Whether <paramref name="peer"/> may log in to this account, and whether it is inside its configured networks.</summary>
    public (bool Allowed, bool InAccountNetwork) Admits(System.Net.IPAddress? peer)
    {
        if (AllowedNetworks is not { Count: > 0 } networks)
        {
            return (true, false);
        }

        if (peer is null)
        {
            return (false, false);
        }

        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return (true, true);
            }
        }

        return (false, false);
    }

    public bool Verify(string secret) => CryptographicOperations.FixedTimeEquals(Derive(secret, Salt, Iterations), Hash);

    private static byte[] Derive(string secret, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
