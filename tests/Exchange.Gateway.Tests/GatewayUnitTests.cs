using Microsoft.Extensions.Time.Testing;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Gateway.Accounts;
using Exchange.Gateway.Replies;
using Exchange.Gateway.Sessions;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;

namespace Exchange.Gateway.Tests;

public sealed class CredentialTests
{
    [Fact]
    public void Secrets_are_stored_as_salted_hashes_and_verified()
    {
        var a = AccountCredentials.Create(1, "hunter2");
        var b = AccountCredentials.Create(2, "hunter2");
        Assert.True(a.Verify("hunter2"));
        Assert.False(a.Verify("hunter3"));
        Assert.False(a.Verify(string.Empty));
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.NotEqual("hunter2"u8.ToArray(), a.Hash);
        Assert.Equal(32, a.Hash.Length);
    }

    [Fact]
    public void Unknown_accounts_and_wrong_secrets_do_not_authenticate()
    {
        var store = new CredentialStore().Add(AccountCredentials.Create(1, "s", isAdmin: true));
        Assert.True(store.TryAuthenticate(1, "s", out var c));
        Assert.True(c.IsAdmin);
        Assert.False(store.TryAuthenticate(1, "x", out _));
        Assert.False(store.TryAuthenticate(2, "s", out _));
    }

    [Fact]
    public void With_a_directory_an_account_must_exist_in_the_engine_and_one_onboarded_with_a_secret_can_log_in()
    {
        var directory = new AccountDirectory();
        var store = new CredentialStore(directory).Add(AccountCredentials.Create(1, "configured"));
        Assert.False(store.TryAuthenticate(1, "configured", out _)); // configured, but the engine has not added it

        directory.OnEvent(new Event { Type = EventType.AccountAdded, AccountId = 1 }, true);
        Assert.True(store.TryAuthenticate(1, "configured", out _));

        directory.OnEvent(new Event { Type = EventType.AccountAdded, AccountId = 2, Secret = AccountCredentials.HashSecret("onboarded") }, true);
        directory.OnEvent(new Event { Type = EventType.AccountAdded, AccountId = 3 }, true); // no secret: no login
        Assert.True(store.TryAuthenticate(2, "onboarded", out var onboarded));
        Assert.False(onboarded.IsAdmin);
        Assert.False(store.TryAuthenticate(2, "guess", out _));
        Assert.False(store.TryAuthenticate(3, string.Empty, out _));

        // The directory survives a save and load (a snapshot's read model).
        var restored = new AccountDirectory();
        restored.LoadState(directory.SaveState());
        Assert.True(new CredentialStore(restored).TryAuthenticate(2, "onboarded", out _));
        Assert.True(restored.Contains(3));
        Assert.Null(restored.SecretOf(3));
    }
}

public sealed class TokenBucketTests
{
    [Fact]
    public void Burst_is_allowed_then_the_rate_limits()
    {
        var bucket = new TokenBucket(ratePerSecond: 1, burst: 5);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(bucket.TryTake());
        }

        Assert.False(bucket.TryTake());
    }
}

public sealed class ReplyRouterTests
{
    [Fact]
    public void A_trade_reaches_taker_and_maker_each_with_its_own_sequence()
    {
        var router = new ReplyRouter();
        router.OnEvent(new Event { Type = EventType.OrderAccepted, AccountId = 1, OrderId = 10, ClientOrderId = 100, Side = Side.Sell, Price = 5, Quantity = 2, Sequence = 1 }, true);
        router.OnEvent(new Event
        {
            Type = EventType.TradeExecuted, AccountId = 2, OrderId = 11, ClientOrderId = 200, Side = Side.Buy, Price = 5, Quantity = 2, Leaves = 0,
            MakerAccountId = 1, MakerOrderId = 10, MakerClientOrderId = 100, MakerLeaves = 0, TradeId = 1, MakerFee = 1, TakerFee = 3, Sequence = 2,
        }, true);

        var makerFrames = Frames(router, 1);
        var takerFrames = Frames(router, 2);
        Assert.Equal([MessageType.OrderAccepted, MessageType.OrderExecuted], makerFrames.Select(f => FrameHeader.Read(f).Type));
        Assert.Single(takerFrames);
        Assert.True(FrameCodec.TryReadBody<OrderExecuted>(makerFrames[1], FrameHeader.Read(makerFrames[1]), out var maker));
        Assert.True(FrameCodec.TryReadBody<OrderExecuted>(takerFrames[0], FrameHeader.Read(takerFrames[0]), out var taker));
        Assert.Equal((2UL, (byte)1, 1L, (byte)Side.Sell), (maker.Sequence, maker.Liquidity, maker.Fee, maker.Side));
        Assert.Equal((1UL, (byte)2, 3L, (byte)Side.Buy), (taker.Sequence, taker.Liquidity, taker.Fee, taker.Side));
    }

    [Theory]
    [InlineData(200, 1_000)]
    [InlineData(1_000, 150)]
    [InlineData(100_000, 3_000)]
    public void Saved_and_loaded_streams_resend_the_same_frames_and_go_on_numbering_the_same(int window, int before)
    {
        static void Feed(ReplyRouter router, int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                router.OnEvent(new Event { Type = EventType.OrderAccepted, AccountId = 1 + (i % 3), OrderId = i, ClientOrderId = i, Side = Side.Buy, Price = 5, Quantity = 1, Sequence = i }, true);
            }
        }

        var original = new ReplyRouter(window);
        Feed(original, 1, before);
        var restored = new ReplyRouter(window);
        restored.LoadState(original.SaveState());
        for (long account = 1; account <= 3; account++)
        {
            Assert.Equal(original.KeptAfter(account, 0), restored.KeptAfter(account, 0));
        }

        // Both go on the same way: new frames numbered alike, the window sliding alike (growth and wrap included).
        Feed(original, before + 1, 2_000);
        Feed(restored, before + 1, 2_000);
        for (long account = 1; account <= 3; account++)
        {
            var want = original.KeptAfter(account, 0);
            Assert.Equal(want, restored.KeptAfter(account, 0));
            Assert.InRange(want.Count, Math.Min(window, ((before + 2_000) / 3) - 1), Math.Min(window, ((before + 2_000) / 3) + 1));
        }
    }

    [Theory]
    [InlineData(300, 300)]
    [InlineData(300, 120)] // restarted with a smaller window: only the newest saved frames are kept
    [InlineData(120, 300)] // and with a larger one: the ring grows past what was restored
    public void Streams_restored_again_and_again_keep_the_frames_of_one_that_never_restarted(int windowBefore, int windowAfter)
    {
        // The restored frames stay slices of the saved state while new ones go to the ring: check the seam at every
        // stage — before the restored frames are first read, while the window slides over them, after they have all left it,
        // and through a second and third restart of a stream that still holds restored frames.
        static void Feed(ReplyRouter router, int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                router.OnEvent(new Event { Type = EventType.OrderAccepted, AccountId = 1 + (i % 2), OrderId = i, ClientOrderId = i, Side = Side.Buy, Price = 5 + (i % 7), Quantity = 1, Sequence = i }, true);
            }
        }

        // What the stream should hold: the newest frames of everything it was ever sent, within the window it has,
        // and nothing from before what the first restart kept (with a smaller window before it, a larger one after it
        // cannot bring back what was already dropped).
        var everything = new ReplyRouter(1_000_000);
        var restarted = new ReplyRouter(windowBefore);
        var window = windowBefore;
        var floor = new int[3];
        var fed = 0;
        List<byte[]> Expected(long account)
        {
            var all = everything.KeptAfter(account, 0);
            var from = Math.Max(floor[account], all.Count - window);
            return [.. all.Skip(from)];
        }

        foreach (var (count, restart) in new[] { (500, true), (50, false), (60, true), (0, true), (400, false), (5, true), (700, true), (1, false) })
        {
            for (var i = 0; i < count; i++)
            {
                fed++;
                Feed(everything, fed, 1);
                Feed(restarted, fed, 1);
                var account = 1 + (fed % 2);
                Assert.Equal(Expected(account), restarted.KeptAfter(account, 0)); // after every frame: the seam moves one frame at a time
            }

            if (restart)
            {
                for (long account = 1; account <= 2 && window != windowAfter; account++)
                {
                    var total = everything.KeptAfter(account, 0).Count;
                    floor[account] = total - Math.Min(Math.Min(windowBefore, windowAfter), total);
                }

                var saved = restarted.SaveState();
                window = windowAfter;
                restarted = new ReplyRouter(window);
                restarted.LoadState(saved);
            }

            for (long account = 1; account <= 2; account++)
            {
                Assert.Equal(Expected(account), restarted.KeptAfter(account, 0));
            }
        }

    }

    [Fact]
    public void Resend_beyond_the_window_is_refused()
    {
        var router = new ReplyRouter(resendWindow: 2);
        for (var i = 0; i < 5; i++)
        {
            router.OnEvent(new Event { Type = EventType.OrderAccepted, AccountId = 1, OrderId = i, Sequence = i + 1 }, true);
        }

        Assert.Equal(AttachResult.ResendWindowExceeded, router.Attach(1, null!, 1, _ => { }, out _));
        Assert.Equal(AttachResult.ResendWindowExceeded, router.Attach(1, null!, 9, _ => { }, out _));
    }

    private static List<byte[]> Frames(ReplyRouter router, long account) => [.. router.KeptAfter(account, 0)];
}

public sealed class AccountStreamTests
{
    [Fact]
    public void Resend_keeps_exactly_the_window_through_growth_and_wrap()
    {
        var router = new ReplyRouter(resendWindow: 1_000);
        for (var i = 1; i <= 2_500; i++)
        {
            router.OnEvent(new Event { Type = EventType.OrderAccepted, AccountId = 1, OrderId = i, ClientOrderId = i, Side = Side.Buy, Price = 5, Quantity = 1, Sequence = i }, true);
        }

        var kept = router.KeptAfter(1, 0);
        Assert.Equal(1_000, kept.Count);
        for (var i = 0; i < kept.Count; i++)
        {
            var frame = kept[i];
            Assert.Equal(FrameStatus.Complete, FrameCodec.TryRead(frame, FrameCodec.DefaultMaxFrame, out var header));
            Assert.True(FrameCodec.TryReadBody<OrderAccepted>(frame, header, out var accepted));
            Assert.Equal((ulong)(1_501 + i), accepted.Sequence);
            Assert.Equal(accepted.Sequence, accepted.OrderId);
        }

        Assert.Equal(10, router.KeptAfter(1, 2_490).Count);
        Assert.Empty(router.KeptAfter(1, 2_500));
    }
}

public sealed class ThrottleGateTests
{
    [Fact]
    public void A_flood_is_disconnected_even_though_refills_let_some_frames_through()
    {
        var gate = new Exchange.Gateway.Sessions.ThrottleGate(1_000, 10, 20, 20, disconnectAfter: 200);
        int passed = 0, throttled = 0;
        while (true)
        {
            var verdict = gate.Admit(MessageType.NewOrder);
            if (verdict == Exchange.Gateway.Sessions.ThrottleVerdict.Disconnect)
            {
                break;
            }

            passed += verdict == Exchange.Gateway.Sessions.ThrottleVerdict.Pass ? 1 : 0;
            throttled += verdict == Exchange.Gateway.Sessions.ThrottleVerdict.Throttled ? 1 : 0;
            Assert.True(throttled < 1_000_000, "never disconnected");
        }

        Assert.Equal(199, throttled);
        Assert.True(passed >= 10);
    }

    [Fact]
    public void Snapshots_and_queries_also_pay_from_the_small_bucket()
    {
        var gate = new Exchange.Gateway.Sessions.ThrottleGate(1_000_000, 1_000_000, 1, 3, disconnectAfter: 1_000);
        var passed = 0;
        for (var i = 0; i < 100; i++)
        {
            passed += gate.Admit(MessageType.Subscribe) == Exchange.Gateway.Sessions.ThrottleVerdict.Pass ? 1 : 0;
        }

        Assert.InRange(passed, 3, 5);
        Assert.Equal(Exchange.Gateway.Sessions.ThrottleVerdict.Pass, gate.Admit(MessageType.NewOrder));
    }
}

public sealed class LoginGuardTests
{
    [Fact]
    public async Task Guesses_from_other_addresses_never_delay_the_owner_from_an_address_it_used_before()
    {
        var time = new FakeTimeProvider();
        using var guard = new LoginGuard(maxConcurrentChecks: 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), time);
        var owner = System.Net.IPAddress.Parse("192.0.2.1");
        Assert.Equal(LoginCheck.Passed, await guard.CheckAsync(owner, 7, () => true, CancellationToken.None)); // the owner logs in once
        Assert.True(guard.IsKnown(7, owner));

        // Guessers on 16 other addresses drive the account's penalty to its longest.
        for (var round = 0; round < 6; round++)
        {
            for (var i = 2; i < 18; i++)
            {
                var guess = guard.CheckAsync(System.Net.IPAddress.Parse($"192.0.2.{i}"), 7, () => false, CancellationToken.None);
                time.Advance(TimeSpan.FromSeconds(2));
                await guess;
            }
        }

        // Two more guesses at once take the account's next turns (a second apart)...
        var pending = Enumerable.Range(40, 2).Select(i => guard.CheckAsync(System.Net.IPAddress.Parse($"192.0.2.{i}"), 7, () => false, CancellationToken.None)).ToList();

        // ...so a new address with the right secret waits behind them or is deferred (LockedOut), as before,
        var fromStranger = guard.CheckAsync(System.Net.IPAddress.Parse("192.0.2.99"), 7, () => true, CancellationToken.None);
        Assert.True(!fromStranger.IsCompleted || await fromStranger == LoginCheck.Deferred);

        // ...while the owner, from the address it used, is checked at once: no time passes.
        var fromOwner = guard.CheckAsync(owner, 7, () => true, CancellationToken.None);
        Assert.True(fromOwner.IsCompleted, "the owner waited behind the guessers' turns");
        Assert.Equal(LoginCheck.Passed, await fromOwner);

        // The owner's success does not lift the account's penalty for the guessers: the next guess is not hashed at once.
        var checkedAtOnce = false;
        var nextGuess = guard.CheckAsync(System.Net.IPAddress.Parse("192.0.2.77"), 7, () => checkedAtOnce = true, CancellationToken.None);
        Assert.False(checkedAtOnce);
        pending.Add(nextGuess);
        time.Advance(TimeSpan.FromSeconds(5));
        await Task.WhenAll([.. pending, fromStranger]);
    }

    [Fact]
    public async Task An_address_in_the_accounts_networks_is_known_to_it_from_the_first_login()
    {
        var time = new FakeTimeProvider();
        using var guard = new LoginGuard(maxConcurrentChecks: 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), time);
        for (var i = 2; i < 12; i++)
        {
            var guess = guard.CheckAsync(System.Net.IPAddress.Parse($"192.0.2.{i}"), 7, () => false, CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(2));
            await guess;
        }

        Assert.Equal(LoginCheck.Passed, await guard.CheckAsync(System.Net.IPAddress.Parse("10.1.0.5"), 7, () => true, CancellationToken.None, fromAccountNetwork: true));
    }

    [Fact]
    public async Task No_more_than_the_allowed_checks_run_at_once()
    {
        using var guard = new LoginGuard(maxConcurrentChecks: 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var running = 0;
        var most = 0;
        bool Check()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(20); // a password hash takes a while
            Interlocked.Decrement(ref running);
            return true;
        }

        var checks = Enumerable.Range(0, 8).Select(i => Task.Run(() => guard.CheckAsync(System.Net.IPAddress.Parse($"10.0.0.{i}"), 100 + i, Check, CancellationToken.None)));
        Assert.All(await Task.WhenAll(checks), c => Assert.Equal(LoginCheck.Passed, c));
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task A_peer_that_fails_waits_longer_each_time_and_a_correct_login_still_gets_in()
    {
        var time = new FakeTimeProvider();
        using var guard = new LoginGuard(maxConcurrentChecks: 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), time);
        var attacker = System.Net.IPAddress.Parse("192.0.2.7");
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var check = guard.CheckAsync(attacker, 7, () => false, CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1)); // past any wait so far
            Assert.Equal(LoginCheck.Failed, await check);
            delays.Add(guard.DelayFor(attacker));
        }

        Assert.Equal([100, 200, 400, 800, 1_000], delays.Select(d => (int)d.TotalMilliseconds));
        Assert.Equal(TimeSpan.Zero, guard.DelayFor(System.Net.IPAddress.Parse("192.0.2.8")));
        var correct = guard.CheckAsync(attacker, 7, () => true, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(LoginCheck.Passed, await correct);
        Assert.Equal(TimeSpan.Zero, guard.DelayFor(attacker));
    }

    [Fact]
    public async Task A_flood_from_one_address_gets_one_check_per_penalty_and_the_rest_is_refused_without_hashing()
    {
        var time = new FakeTimeProvider();
        using var guard = new LoginGuard(maxConcurrentChecks: 4, TimeSpan.FromSeconds(1), maxWait: TimeSpan.FromSeconds(2), time);
        var attacker = System.Net.IPAddress.Parse("192.0.2.7");
        var hashed = 0;
        bool Wrong()
        {
            Interlocked.Increment(ref hashed);
            return false;
        }

        for (var i = 0; i < 5; i++) // penalty grows to the 1 s cap
        {
            var check = guard.CheckAsync(attacker, 7, Wrong, CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
            await check;
        }

        hashed = 0;
        var flood = Enumerable.Range(0, 50).Select(_ => guard.CheckAsync(attacker, 7, Wrong, CancellationToken.None)).ToList();
        for (var s = 0; s < 5; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var results = await Task.WhenAll(flood);
        var deferred = results.Count(r => r == LoginCheck.Deferred);
        Assert.InRange(deferred, 46, 48); // turns at most 2 s ahead, one per second: the rest never hash
        Assert.Equal(50 - deferred, hashed);

        // Another address and account are not held up by it.
        Assert.Equal(LoginCheck.Passed, await guard.CheckAsync(System.Net.IPAddress.Parse("192.0.2.9"), 9, () => true, CancellationToken.None));
    }

    [Fact]
    public async Task An_account_guessed_at_from_many_addresses_is_penalised_as_a_whole()
    {
        var time = new FakeTimeProvider();
        using var guard = new LoginGuard(maxConcurrentChecks: 4, TimeSpan.FromSeconds(1), maxWait: TimeSpan.FromSeconds(2), time);
        for (var i = 0; i < 5; i++)
        {
            var check = guard.CheckAsync(System.Net.IPAddress.Parse($"203.0.113.{i}"), 42, () => false, CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
            await check;
        }

        var botnet = Enumerable.Range(10, 20).Select(i => guard.CheckAsync(System.Net.IPAddress.Parse($"203.0.113.{i}"), 42, () => false, CancellationToken.None)).ToList();
        for (var s = 0; s < 5; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var results = await Task.WhenAll(botnet);
        Assert.True(results.Count(r => r == LoginCheck.Deferred) >= 16, "fresh addresses got a check each although the account was penalised");
    }

    [Fact]
    public async Task An_account_locked_out_for_flooding_stays_out_with_the_right_secret_for_longer_each_time()
    {
        var time = new FakeTimeProvider();
        using var guard = new LoginGuard(maxConcurrentChecks: 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), time);
        var peer = System.Net.IPAddress.Parse("192.0.2.7");
        foreach (var length in new[] { 1, 2, 4 })
        {
            guard.LockOut(7);
            var during = guard.CheckAsync(peer, 7, () => true, CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1)); // the tarpit
            Assert.Equal(LoginCheck.Deferred, await during);
            time.Advance(TimeSpan.FromSeconds(length - 1));
            Assert.Equal(LoginCheck.Passed, await guard.CheckAsync(peer, 7, () => true, CancellationToken.None));
        }

        Assert.Equal(LoginCheck.Passed, await guard.CheckAsync(peer, 8, () => true, CancellationToken.None)); // other accounts are not locked out
    }

    [Fact]
    public async Task Penalties_are_forgiven_after_a_quiet_minute()
    {
        var time = new FakeTimeProvider();
        using var guard = new LoginGuard(maxConcurrentChecks: 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), time);
        var peer = System.Net.IPAddress.Parse("192.0.2.7");
        Assert.Equal(LoginCheck.Failed, await guard.CheckAsync(peer, 7, () => false, CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(2));
        var check = guard.CheckAsync(peer, 7, () => true, CancellationToken.None);
        Assert.True(check.IsCompleted, "a forgiven address waits for nothing");
        Assert.Equal(LoginCheck.Passed, await check);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

public sealed class AllowedNetworksTests
{
    [Fact]
    public void An_account_with_networks_admits_only_addresses_inside_them()
    {
        var credentials = AccountCredentials.Create(7, "s") with { AllowedNetworks = [System.Net.IPNetwork.Parse("10.1.0.0/16"), System.Net.IPNetwork.Parse("127.0.0.1/32")] };
        Assert.Equal((true, true), credentials.Admits(System.Net.IPAddress.Parse("10.1.2.3")));
        Assert.Equal((true, true), credentials.Admits(System.Net.IPAddress.Parse("::ffff:127.0.0.1"))); // IPv4 on a dual-stack socket
        Assert.Equal((false, false), credentials.Admits(System.Net.IPAddress.Parse("10.2.0.1")));
        Assert.Equal((false, false), credentials.Admits(null));
        Assert.Equal((true, false), AccountCredentials.Create(8, "s").Admits(System.Net.IPAddress.Parse("10.2.0.1"))); // none configured: any
    }
}

public sealed class ConnectionBudgetTests
{
    [Fact]
    public void An_address_that_keeps_breaking_the_pre_login_rules_is_turned_away_for_a_while_and_no_other_is()
    {
        var budget = new ConnectionBudget(maxUnauthenticated: 2, violationsPerSecond: 5);
        var noisy = System.Net.IPAddress.Parse("198.51.100.1");
        for (var i = 0; i < 4; i++)
        {
            budget.RecordViolation(noisy);
        }

        Assert.False(budget.IsCoolingDown(noisy));
        budget.RecordViolation(noisy);
        Assert.True(budget.IsCoolingDown(noisy));
        Assert.False(budget.IsCoolingDown(System.Net.IPAddress.Parse("198.51.100.2")));
    }

    [Fact]
    public void At_the_cap_the_oldest_connection_that_sent_no_login_makes_room_and_one_mid_login_never_does()
    {
        var budget = new ConnectionBudget(maxUnauthenticated: 3);
        var first = new Connection("198.51.100.1");
        var checking = new Connection("198.51.100.2") { MidLogin = true };
        var third = new Connection("198.51.100.3");
        var slots = new[] { first, checking, third }.Select(c => budget.TryAdmit(c)).ToList();
        Assert.All(slots, Assert.NotNull);

        var newcomer = new Connection("198.51.100.4");
        Assert.NotNull(budget.TryAdmit(newcomer));
        Assert.Equal((true, false, false), (first.Evicted, checking.Evicted, third.Evicted)); // the oldest idle one
        Assert.Equal(3, budget.Anonymous);
        Assert.NotNull(budget.TryAdmit(new Connection("198.51.100.5")));
        Assert.True(third.Evicted); // the one mid-login is skipped
        Assert.Equal(2, budget.Evicted);

        budget.Release(slots[0]!); // an evicted connection ending later gives nothing back twice
        Assert.Equal(3, budget.Anonymous);
    }

    [Fact]
    public void When_every_waiting_connection_is_mid_login_the_newcomer_is_refused()
    {
        var budget = new ConnectionBudget(maxUnauthenticated: 2);
        var a = budget.TryAdmit(new Connection("198.51.100.1") { MidLogin = true });
        Assert.NotNull(budget.TryAdmit(new Connection("198.51.100.2") { MidLogin = true }));
        Assert.Null(budget.TryAdmit(new Connection("198.51.100.3")));
        budget.Release(a!);
        Assert.NotNull(budget.TryAdmit(new Connection("198.51.100.3")));
    }

    [Fact]
    public void At_the_per_address_cap_that_address_makes_room_from_its_own_connections()
    {
        var budget = new ConnectionBudget(maxUnauthenticated: 100, maxPerAddress: 2);
        var other = new Connection("198.51.100.9");
        budget.TryAdmit(other);
        var own = new[] { new Connection("198.51.100.1"), new Connection("198.51.100.1") };
        foreach (var c in own)
        {
            Assert.NotNull(budget.TryAdmit(c));
        }

        Assert.NotNull(budget.TryAdmit(new Connection("198.51.100.1")));
        Assert.Equal((true, false, false), (own[0].Evicted, own[1].Evicted, other.Evicted));
        Assert.Equal(3, budget.Anonymous);
    }

    private sealed class Connection(string peer) : IAnonymousConnection
    {
        public System.Net.IPAddress? Peer { get; } = System.Net.IPAddress.Parse(peer);

        public bool MidLogin { get; init; }

        public bool Evicted { get; private set; }

        public bool TryEvict()
        {
            if (MidLogin || Evicted)
            {
                return false;
            }

            Evicted = true;
            return true;
        }
    }
}
