namespace Exchange.Replication;

/// <summary>
/// Which standby should take the lease once it has lapsed: the most up-to-date one (the highest journal
/// position among the live nodes, ties to the lowest node id), so a sync-replicated failover keeps
/// every acknowledged command. If that node has not taken the lease after a grace period (it may be
/// stuck), any standby may. etcd decides the race; this only decides who runs in it.
/// </summary>
public static class Election
{
    public static bool ShouldCampaign(long nodeId, long position, IReadOnlyDictionary<long, long> positions, TimeSpan leaderlessFor, TimeSpan grace)
    {
        if (leaderlessFor >= grace)
        {
            return true;
        }

        foreach (var (node, theirs) in positions)
        {
            if (node != nodeId && (theirs > position || (theirs == position && node < nodeId)))
            {
                return false;
            }
        }

        return true;
    }
}
