namespace Exchange.Core.Accounts;

/// <summary>
/// How an account's login secret is checked: a random salt and a PBKDF2-SHA256 hash of the secret.
/// It travels in the AddAccount command so onboarding is one journaled operation and the credential
/// survives a restart; the secret itself is never journaled. The engine only carries it along.
/// </summary>
/// <param name="Salt">Random bytes mixed into the hash (16).</param>
/// <param name="Hash">The derived key (32 bytes).</param>
/// <param name="Iterations">PBKDF2 iterations the hash was made with.</param>
public sealed record SecretHash(byte[] Salt, byte[] Hash, int Iterations);
