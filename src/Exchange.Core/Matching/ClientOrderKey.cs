namespace Exchange.Core.Matching;

/// <summary>Client order ids are unique per account among live orders; this is the map key.</summary>
internal readonly record struct ClientOrderKey(long AccountId, long ClientOrderId)
{
    public override int GetHashCode()
    {
        // Cheap 64-bit mix (no HashCode randomisation needed: the map's content is deterministic either way).
        var h = (ulong)AccountId * 0x9E3779B97F4A7C15UL ^ (ulong)ClientOrderId * 0xC2B2AE3D27D4EB4FUL;
        return (int)(h ^ (h >> 32));
    }
}
