using System.Globalization;
using Exchange.Core.Accounts;

namespace Exchange.Gateway.Accounts;

/// <summary>
/// A <see cref="SecretHash"/> as one line of text, <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in
/// base64), so a configuration file can name an account's login without holding its secret
/// (<c>exchange-server --hash-secret</c> makes one).
/// </summary>
public static class SecretHashText
{
    private const string Scheme = "pbkdf2-sha256";

    public static string Format(SecretHash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return string.Join('$', Scheme, hash.Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(hash.Salt), Convert.ToBase64String(hash.Hash));
    }

    /// <summary>Reads the text; false (with the reason) for anything else, never an exception.</summary>
    public static bool TryParse(string text, out SecretHash? hash, out string? problem)
    {
        hash = null;
        var parts = (text ?? string.Empty).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            problem = $"not {Scheme}$ITERATIONS$SALT$HASH";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 10_000)
        {
            problem = "the iterations must be a number of at least 10,000";
            return false;
        }

        var salt = new byte[64];
        var derived = new byte[64];
        if (!Convert.TryFromBase64String(parts[2], salt, out var saltLength) || saltLength < 8
            || !Convert.TryFromBase64String(parts[3], derived, out var hashLength) || hashLength != 32)
        {
            problem = "the salt (8 bytes or more) and the hash (32 bytes) must be base64";
            return false;
        }

        hash = new SecretHash(salt[..saltLength], derived[..hashLength], iterations);
        problem = null;
        return true;
    }
}
