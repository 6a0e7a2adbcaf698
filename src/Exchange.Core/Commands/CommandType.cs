namespace Exchange.Core.Commands;

/// <summary>Every input the state machine accepts. Numeric values are journal codes: append, never renumber.</summary>
public enum CommandType : byte
{
    None = 0,
    PlaceOrder = 1,
    CancelOrder = 2,
    ReplaceOrder = 3,
    MassCancel = 4,
    AddInstrument = 10,
    HaltInstrument = 11,
    ResumeInstrument = 12,
    AddAccount = 20,
    Deposit = 21,
    Withdraw = 22,
}
