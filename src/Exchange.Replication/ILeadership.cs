namespace Exchange.Replication;

/// <summary>
/// The primary's right to lead, as the coordination service grants it: the epoch (fencing token) it
/// leads under, and whether its lease is still certainly alive. Checked on every commit, so it must be
/// cheap (a clock read and a compare).
/// </summary>
public interface ILeadership
{
    long Epoch { get; }

    /// <summary>False from the moment the lease may have lapsed: nothing more may be acknowledged.</summary>
    bool HoldsLease { get; }
}
