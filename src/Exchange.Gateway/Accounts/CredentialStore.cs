namespace Exchange.Gateway.Accounts;

/// <summary>The accounts that may log in. Read by many sessions at once; built at start-up.</summary>
public sealed class CredentialStore
{
    private readonly Dictionary<long, AccountCredentials> _accounts = [];

    public CredentialStore Add(AccountCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _accounts[credentials.AccountId] = credentials;
        return this;
    }

    /// <summary>The account, if it exists and the secret matches. Always hashes, so timing does not reveal which accounts exist.</summary>
    public bool TryAuthenticate(long accountId, string secret, out AccountCredentials credentials)
    {
        if (_accounts.TryGetValue(accountId, out credentials!))
        {
            return credentials.Verify(secret);
        }

        _ = Unknown.Verify(secret);
        return false;
    }

    private static readonly AccountCredentials Unknown = AccountCredentials.Create(0, Guid.NewGuid().ToString());
}
