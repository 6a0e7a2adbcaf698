using Exchange.Protocol.Admin;
using Exchange.Protocol.Orders;

namespace Exchange.Client;

/// <summary>What an admin request ended with, without the wire's event codes: what was asked, whether it was done, and why not.</summary>
/// <param name="Action">What was asked.</param>
/// <param name="IsAccepted">Whether the exchange did it.</param>
/// <param name="RejectReason">Why not (<see cref="OrderRejectReason.None"/> when accepted).</param>
/// <param name="Sequence">The engine's sequence of the command (for a snapshot: the sequence it was taken at).</param>
/// <param name="Account">The account acted on (0 for instrument commands and snapshots).</param>
/// <param name="Instrument">The instrument acted on (0 for account commands and snapshots).</param>
/// <param name="Asset">A deposit or withdrawal: the asset.</param>
/// <param name="Amount">A deposit or withdrawal: the amount (negative for a withdrawal).</param>
/// <param name="Available">A deposit or withdrawal: the account's available balance of the asset after it.</param>
/// <param name="Held">A deposit or withdrawal: the amount of the asset held by open orders after it.</param>
public sealed record AdminOutcome(
    AdminAction Action,
    bool IsAccepted,
    OrderRejectReason RejectReason,
    long Sequence,
    long Account,
    int Instrument,
    int Asset,
    long Amount,
    long Available,
    long Held);
