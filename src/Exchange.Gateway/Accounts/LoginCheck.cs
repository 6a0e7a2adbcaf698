namespace Exchange.Gateway.Accounts;

/// <summary>The outcome of a login's password check under the <see cref="LoginGuard"/>'s limits.</summary>
public enum LoginCheck
{
    /// <summary>The secret matched.</summary>
    Passed,

    /// <summary>The secret did not match (or the account does not exist).</summary>
    Failed,

    /// <summary>Not checked: the address or account has failed so often that its next turn is too far off.</summary>
    Deferred,
}
