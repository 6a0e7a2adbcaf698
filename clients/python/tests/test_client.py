import asyncio
import itertools
import unittest

from exchange_client import (ExchangeClient, LocalBook, LoginRejectedError, NewOrder, RejectReason, Side, State, TimeInForce,
                             protocol as p)
from tests.server import PATIENCE, endpoint, secret

_ids = itertools.count(1_000_000)


def next_id():
    return next(_ids)


async def connect(account, **options):
    return await ExchangeClient.connect(endpoint(), account, secret(account), **options)


class AgainstTheServer(unittest.IsolatedAsyncioTestCase):
    """Against a real server on loopback: every test leaves the accounts with no open orders."""

    async def asyncTearDown(self):
        for account in (1, 2, 3):
            async with await connect(account, last_seen=ExchangeClient.LIVE_ONLY) as client:
                await client.cancel_all(timeout=PATIENCE)

    async def test_a_wrong_secret_is_refused_with_its_reason(self):
        with self.assertRaises(LoginRejectedError) as refused:
            await ExchangeClient.connect(endpoint(), 1, "not-the-secret")
        self.assertEqual(p.LoginRejectReason.NOT_AUTHORIZED, refused.exception.reason)

    async def test_an_instrument_is_found_by_symbol_with_a_price_it_accepts(self):
        async with await connect(1, last_seen=ExchangeClient.LIVE_ONLY) as client:
            instrument = await client.get_instrument("i1", timeout=PATIENCE)  # any case
            self.assertEqual((1, "I1"), (instrument.id, instrument.symbol))
            self.assertTrue(instrument.accepts(instrument.reference_price))
            placed = await client.place(NewOrder.limit(next_id(), instrument.id, Side.BUY, instrument.reference_price, instrument.min_quantity), timeout=PATIENCE)
            self.assertTrue(placed.is_accepted, placed.reject_reason)
            with self.assertRaises(ValueError) as unknown:
                await client.get_instrument("DOGE-USD", timeout=PATIENCE)
            self.assertIn("I1", str(unknown.exception))

    async def test_place_returns_the_answer_to_that_order(self):
        async with await connect(1, last_seen=ExchangeClient.LIVE_ONLY) as alice:
            first, second, bad = next_id(), next_id(), next_id()
            results = await asyncio.gather(
                alice.place(NewOrder.limit(first, 1, Side.SELL, 150, 1), timeout=PATIENCE),
                alice.place(NewOrder.limit(second, 1, Side.SELL, 151, 2), timeout=PATIENCE),
                alice.place(NewOrder.limit(bad, 1, Side.SELL, 152, 0), timeout=PATIENCE))
            self.assertTrue(results[0].is_accepted and results[1].is_accepted)
            self.assertEqual((first, second), (results[0].accepted.client_order_id, results[1].accepted.client_order_id))
            self.assertFalse(results[2].is_accepted)
            self.assertEqual(bad, results[2].rejected.client_order_id)
            self.assertNotEqual(RejectReason.NONE, results[2].reject_reason)
            open_orders = await alice.query_open_orders(timeout=PATIENCE)
            self.assertEqual({first, second}, {o.client_order_id for o in open_orders})
            # The answers are on the application's stream too, numbered without a gap.
            seen, last = set(), None
            while len(seen) < 3:
                message = await alice.next_message(timeout=PATIENCE)
                if isinstance(message, (p.OrderAccepted, p.OrderRejected)):
                    if last is not None:
                        self.assertEqual(last + 1, message.sequence)
                    last = message.sequence
                    seen.add(message.client_order_id)
            self.assertEqual({first, second, bad}, seen)

    async def test_queries_in_the_middle_of_a_burst_of_fills_lose_nothing(self):
        count = 100
        async with await connect(1, last_seen=ExchangeClient.LIVE_ONLY) as alice, \
                await connect(2, last_seen=ExchangeClient.LIVE_ONLY) as bob:
            for _ in range(count):
                self.assertTrue((await alice.place(NewOrder.limit(next_id(), 1, Side.SELL, 100, 1), timeout=PATIENCE)).is_accepted)
            ids = [next_id() for _ in range(count)]

            async def take():
                for i in ids:
                    await bob.send_order(NewOrder.limit(i, 1, Side.BUY, 100, 1, TimeInForce.IOC))

            async def ask():
                answers = 0
                while not sending.done() or answers < 3:
                    self.assertTrue(await bob.query_balances(timeout=PATIENCE))
                    await bob.query_open_orders(timeout=PATIENCE)
                    answers += 1
                    await asyncio.sleep(0.15)  # two queries per pass stay under the query throttle (20 per second)
                return answers

            sending = asyncio.ensure_future(take())
            asking = asyncio.ensure_future(ask())
            accepted, filled = set(), set()
            while len(accepted) < count or len(filled) < count:
                message = await bob.next_message(timeout=PATIENCE)
                self.assertNotIsInstance(message, (p.BalanceReport, p.OpenOrderReport))  # a query's answer never lands here
                if isinstance(message, p.OrderAccepted):
                    accepted.add(message.client_order_id)
                elif isinstance(message, p.OrderExecuted):
                    filled.add(message.client_order_id)
            await sending
            self.assertGreaterEqual(await asking, 3)
            self.assertEqual(set(ids), filled)

    async def test_the_local_book_follows_the_market_and_resubscribes_after_a_gap(self):
        async with await connect(3, market_data_only=True, last_seen=ExchangeClient.LIVE_ONLY) as watcher, \
                await connect(1, last_seen=ExchangeClient.LIVE_ONLY) as alice:
            book = await watcher.subscribe_book(1)
            await alice.place(NewOrder.limit(next_id(), 1, Side.SELL, 160, 4), timeout=PATIENCE)
            await alice.place(NewOrder.limit(next_id(), 1, Side.BUY, 90, 3), timeout=PATIENCE)
            for _ in range(int(PATIENCE * 20)):
                if book.synced and book.best_ask() == (160, 4) and book.best_bid() == (90, 3):
                    break
                await asyncio.sleep(0.05)
            self.assertEqual((160, 4), book.best_ask())
            self.assertEqual((90, 3), book.best_bid())

            # A gap (an increment skipped) makes the book unsynced and the client asks for a new snapshot.
            gaps = book.gaps
            skipped = p.BookLevel(book.sequence + 2, 1, 1, 0, 0, 90, 0, 0, 0)
            await watcher._handle(skipped)
            self.assertEqual(gaps + 1, book.gaps)
            for _ in range(int(PATIENCE * 20)):
                if book.synced:
                    break
                await asyncio.sleep(0.05)
            self.assertTrue(book.synced)
            self.assertEqual((90, 3), book.best_bid())

    async def test_a_lost_connection_is_replaced_and_the_missed_replies_resent(self):
        states = []
        async with await connect(1, last_seen=ExchangeClient.LIVE_ONLY, auto_reconnect=True) as alice, \
                await connect(2, last_seen=ExchangeClient.LIVE_ONLY) as bob:
            alice.on_state_change = states.append
            resting = next_id()
            placed = await alice.place(NewOrder.limit(resting, 1, Side.SELL, 100, 2), timeout=PATIENCE)
            self.assertTrue(placed.is_accepted)
            alice._writer.transport.abort()  # the network drops Alice's connection
            taker = next_id()
            self.assertTrue((await bob.place(NewOrder.limit(taker, 1, Side.BUY, 100, 2, TimeInForce.IOC), timeout=PATIENCE)).is_accepted)

            last, fill = None, None
            while fill is None:
                message = await alice.next_message(timeout=PATIENCE)
                if isinstance(message, p.NUMBERED):
                    if last is None:
                        self.assertEqual(placed.accepted.sequence, message.sequence)  # the stream holds the answer too
                    else:
                        self.assertEqual(last + 1, message.sequence)  # no gap, no repeat across the reconnect
                    last = message.sequence
                if isinstance(message, p.OrderExecuted):
                    fill = message
            self.assertEqual((resting, 2, 0), (fill.client_order_id, fill.quantity, fill.leaves))
            self.assertEqual(1, alice.reconnects)
            self.assertEqual([State.RECONNECTING, State.CONNECTED], states)


class AgainstAScriptedServer(unittest.IsolatedAsyncioTestCase):
    async def test_a_server_silent_for_three_heartbeats_ends_the_connection(self):
        async def silent(reader, writer):
            await reader.readexactly(4 + 52)
            writer.write(p.LoginAccepted(1, 1, 100).frame())
            await writer.drain()
            while await reader.read(4096):  # says nothing, reads heartbeats until the client gives up and closes
                pass
            writer.close()

        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            client = await ExchangeClient.connect([("127.0.0.1", port)], 1, "s")
            with self.assertRaises(ConnectionError):
                while True:
                    await client.next_message(timeout=PATIENCE)
            self.assertIsInstance(client.close_reason, TimeoutError)
            self.assertEqual(State.CLOSED, client.state)
            await client.close()


class LocalBookRules(unittest.TestCase):
    def test_a_snapshot_replaces_the_book_and_increments_follow_it_in_sequence(self):
        book = LocalBook(1)
        self.assertTrue(book.apply(p.BookLevel(5, 1, 1, 1, 0, 99, 10, 1, 0)))
        self.assertTrue(book.apply(p.BookLevel(5, 1, 2, 3, 0, 101, 7, 1, 0)))
        self.assertEqual(((99, 10), (101, 7)), (book.best_bid(), book.best_ask()))
        self.assertTrue(book.apply(p.BookLevel(6, 1, 1, 0, 0, 99, 0, 0, 0)))
        self.assertIsNone(book.best_bid())
        self.assertFalse(book.apply(p.PublicTrade(8, 1, 1, 0, 0, 1, 101, 1, 0)))  # 7 is missing
        self.assertFalse(book.synced)


if __name__ == "__main__":
    unittest.main()
