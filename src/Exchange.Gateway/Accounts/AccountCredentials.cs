using System.Security.Cryptography;
using System.Text;

namespace Exchange.Gateway.Accounts;

/// <summary>
/// What the gateway keeps to check a login: a random salt and the PBKDF2-SHA256 hash of the
/// secret, never the secret itself. Verification compares in constant time.
/// </summary>
public sealed record AccountCredentials(long AccountId, byte[] Salt, byte[] Hash, bool IsAdmin)
{
    private const int Iterations = 100_000;
    private const int HashBytes = 32;

    public static AccountCredentials Create(long accountId, string secret, bool isAdmin = false)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new AccountCredentials(accountId, salt, Derive(secret, salt), isAdmin);
    }

    public bool Verify(string secret) => CryptographicOperations.FixedTimeEquals(Derive(secret, Salt), Hash);

    private static byte[] Derive(string secret, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
}
