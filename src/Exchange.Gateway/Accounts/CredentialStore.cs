namespace Exchange.Gateway.Accounts;

/// <summary>
/// The accounts that may log in: those configured at start-up, and, with a <see cref="AccountDirectory"/>,
/// those onboarded at run time (AddAccount with a secret). With a directory an account must also exist in
/// the engine: a configured account the engine never added cannot log in. Read by many sessions at once.
/// </summary>
public sealed class CredentialStore(AccountDirectory? directory = null)
{
    private readonly Dictionary<long, AccountCredentials> _configured = [];

    /// <summary>Adds a configured account; call before the gateway starts.</summary>
    public CredentialStore Add(AccountCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _configured[credentials.AccountId] = credentials;
        return this;
    }

    /// <summary>The configured account ids (the server adds those the engine lacks at start-up).</summary>
    public IEnumerable<long> Configured => _configured.Keys;

    /// <summary>The account, if it exists and the secret matches. Always hashes, so timing does not reveal which accounts exist.</summary>
    public bool TryAuthenticate(long accountId, string secret, out AccountCredentials credentials)
    {
        credentials = Find(accountId)!;
        if (credentials is not null)
        {
            return credentials.Verify(secret);
        }

        _ = Unknown.Verify(secret);
        return false;
    }

    /// <summary>Whether a login to <paramref name="accountId"/> from <paramref name="peer"/> may be checked at all, and whether the peer is in the account's configured networks.</summary>
    public (bool Allowed, bool InAccountNetwork) Admits(long accountId, System.Net.IPAddress? peer) =>
        Find(accountId) is { } credentials ? credentials.Admits(peer) : (true, false);

    private AccountCredentials? Find(long accountId)
    {
        if (directory is null)
        {
            return _configured.GetValueOrDefault(accountId);
        }

        if (!directory.Contains(accountId))
        {
            return null;
        }

        return _configured.TryGetValue(accountId, out var configured) ? configured
            : directory.SecretOf(accountId) is { } hash ? AccountCredentials.From(accountId, hash) : null;
    }

    private static readonly AccountCredentials Unknown = AccountCredentials.Create(0, Guid.NewGuid().ToString());
}
