namespace Exchange.Gateway.Replies;

/// <summary>What <see cref="ReplyRouter.Attach"/> did with a logging-in session.</summary>
internal enum AttachResult
{
    Attached,

    /// <summary>Another session of the account holds its stream.</summary>
    AlreadyAttached,

    /// <summary>The messages after the client's last seen sequence are no longer kept.</summary>
    ResendWindowExceeded,
}
