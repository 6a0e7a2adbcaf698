using Exchange.Core.Events;
using Exchange.Core.Orders;

namespace Exchange.Core.Matching;

/// <summary>
/// Good-till-date and day orders. The engine has no clock: an order expires when the first
/// command stamped at or after its expire time arrives, before that command is applied. When no
/// client command comes, the sequencer injects a <see cref="Commands.CommandType.TimeTick"/>, which is
/// journaled like any other command, so expiry happens on time and replays exactly.
/// </summary>
public sealed partial class MatchingEngine
{
    /// <summary>Expires every order due at the current command's time, earliest expire time first, then by order id.</summary>
    private void ExpireDue()
    {
        var now = _current.Timestamp;
        while (_expiries.Count > 0 && _expiries.Peek().ExpireTime <= now)
        {
            var order = _expiries.Peek();
            CancelOrder(order, _instruments[order.InstrumentId], CancelReason.Expired, EventType.OrderExpired);
        }
    }
}
