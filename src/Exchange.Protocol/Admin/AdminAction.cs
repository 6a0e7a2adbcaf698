namespace Exchange.Protocol.Admin;

/// <summary>What an <see cref="AdminCommand"/> asks for (its Command byte), named so no caller writes 21 or 30.</summary>
public enum AdminAction : byte
{
    AddInstrument = 10,
    HaltInstrument = 11,
    ResumeInstrument = 12,
    AddAccount = 20,
    Deposit = 21,
    Withdraw = 22,
    TakeSnapshot = 30,
}
