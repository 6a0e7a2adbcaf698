namespace Exchange.Core.Commands;

/// <summary>Every input the state machine accepts. Numeric values are journal codes: append, never renumber.</summary>
public enum CommandType : byte
{
    None = 0,
    PlaceOrder = 1,
    CancelOrder = 2,
    ReplaceOrder = 3,
    MassCancel = 4,

    /// <summary>No input but time: injected by the sequencer when idle so GTD and day orders expire on time, and replay exactly.</summary>
    TimeTick = 5,
    AddInstrument = 10,
    HaltInstrument = 11,
    ResumeInstrument = 12,
    AddAccount = 20,
    Deposit = 21,
    Withdraw = 22,

    /// <summary>
    /// A new primary's first command (hot standby): the etcd lease revision it leads under (the epoch, a
    /// fencing token) in <see cref="Command.OrderId"/> and its node id in <see cref="Command.ClientOrderId"/>.
    /// Like <see cref="TimeTick"/>, it moves only the last sequence and time and emits nothing; it marks in the
    /// journal where each primary's history starts.
    /// </summary>
    LeaderEpoch = 30,
}
