namespace Exchange.Gateway.Replies;

/// <summary>What <see cref="ReplyRouter.Attach"/> did with a logging-in session.</summary>
internal enum AttachResult
{
    Attached,

    /// <summary>The account already has as many sessions as it may.</summary>
    AlreadyAttached,

    /// <summary>The messages after the client's last seen sequence are no longer kept.</summary>
    ResendWindowExceeded,
}
