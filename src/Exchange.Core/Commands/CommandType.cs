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
}
