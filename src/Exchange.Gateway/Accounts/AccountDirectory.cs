using System.Buffers.Binary;
using System.Collections.Concurrent;
using Exchange.Core.Accounts;
using Exchange.Core.Events;
using Exchange.Engine;

namespace Exchange.Gateway.Accounts;

/// <summary>
/// The gateway's read model of which accounts exist in the engine and, for those onboarded at run
/// time, the hash their login secret is checked against. Built from <see cref="EventType.AccountAdded"/>
/// events on the publisher thread and saved with every snapshot, so an account added at run time can
/// log in at once and still can after a restart; read by the login checks on other threads.
/// </summary>
public sealed class AccountDirectory : ISnapshotSink
{
    private readonly ConcurrentDictionary<long, SecretHash?> _accounts = new();

    public string StateName => "accounts";

    /// <summary>Whether the engine has the account (an account configured but never added cannot log in).</summary>
    public bool Contains(long account) => _accounts.ContainsKey(account);

    /// <summary>
    /// Waits until the account's onboarding has reached this read model (polling every 5 ms: for start-up and
    /// tests, not a hot path); false when <paramref name="giveUp"/> says to stop waiting first.
    /// </summary>
    public async Task<bool> WaitForAsync(long account, Func<bool> giveUp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(giveUp);
        while (!Contains(account))
        {
            if (giveUp())
            {
                return false;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>The secret hash the account was onboarded with, if it was.</summary>
    public SecretHash? SecretOf(long account) => _accounts.TryGetValue(account, out var secret) ? secret : null;

    public void OnEvent(in Event e, bool endOfBatch)
    {
        if (e.Type == EventType.AccountAdded)
        {
            _accounts[e.AccountId] = e.Secret;
        }
    }

    /// <summary>Count, then per account: id i64, iterations i32 (0 = no secret), salt length u8, salt, hash length u8, hash.</summary>
    public byte[] SaveState()
    {
        var accounts = _accounts.ToArray();
        var size = 4;
        foreach (var (_, secret) in accounts)
        {
            size += 14 + (secret is null ? 0 : secret.Salt.Length + secret.Hash.Length);
        }

        var state = new byte[size];
        BinaryPrimitives.WriteInt32LittleEndian(state, accounts.Length);
        var at = 4;
        foreach (var (id, secret) in accounts)
        {
            BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(at), id);
            BinaryPrimitives.WriteInt32LittleEndian(state.AsSpan(at + 8), secret?.Iterations ?? 0);
            at += 12;
            foreach (var bytes in new[] { secret?.Salt ?? [], secret?.Hash ?? [] })
            {
                state[at] = (byte)bytes.Length;
                bytes.CopyTo(state, at + 1);
                at += 1 + bytes.Length;
            }
        }

        return state;
    }

    public void LoadState(ReadOnlyMemory<byte> state)
    {
        _accounts.Clear();
        var span = state.Span;
        var count = BinaryPrimitives.ReadInt32LittleEndian(span);
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            var id = BinaryPrimitives.ReadInt64LittleEndian(span[at..]);
            var iterations = BinaryPrimitives.ReadInt32LittleEndian(span[(at + 8)..]);
            at += 12;
            var salt = span.Slice(at + 1, span[at]).ToArray();
            at += 1 + salt.Length;
            var hash = span.Slice(at + 1, span[at]).ToArray();
            at += 1 + hash.Length;
            _accounts[id] = iterations == 0 ? null : new SecretHash(salt, hash, iterations);
        }
    }
}
