"""The Python samples run against a real server (EXCHANGE_PORT; the .NET test PythonClientTests starts one)."""
import asyncio
import contextlib
import io
import os
import unittest

from exchange_client import ExchangeClient, NewOrder, Side, TimeInForce
from market_maker import MarketMaker

PORT = int(os.environ.get("EXCHANGE_PORT", "0"))
PATIENCE = 20.0


async def eventually(condition, what):
    for _ in range(int(PATIENCE * 20)):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out waiting until " + what)


class Samples(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        self.assertTrue(PORT, "set EXCHANGE_PORT to a running server")

    async def test_the_market_maker_quotes_both_sides_and_quotes_again_after_a_fill(self):
        async with await ExchangeClient.connect([("127.0.0.1", PORT)], 1, "secret-1", last_seen=ExchangeClient.LIVE_ONLY) as maker, \
                await ExchangeClient.connect([("127.0.0.1", PORT)], 2, "secret-2", last_seen=ExchangeClient.LIVE_ONLY) as taker:
            sample = MarketMaker(maker, instrument=1, mid=200, spread=2, size=1)
            with contextlib.redirect_stdout(io.StringIO()):
                running = asyncio.ensure_future(sample.run())

                async def quotes():
                    return sorted(o.price for o in await taker_view())

                async def taker_view():
                    async with await ExchangeClient.connect([("127.0.0.1", PORT)], 1, "secret-1", last_seen=ExchangeClient.LIVE_ONLY) as check:
                        return await check.query_open_orders(timeout=PATIENCE)

                await eventually(lambda: _equals(quotes, [198, 202]), "both quotes rest")
                self.assertTrue((await taker.place(NewOrder.limit(1, 1, Side.BUY, 202, 1, TimeInForce.IOC), timeout=PATIENCE)).is_accepted)
                await eventually(lambda: _equals(quotes, [200, 204]), "it quotes again around the fill")
                self.assertEqual(1, sample.fills)
                running.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await running
                await maker.cancel_all(timeout=PATIENCE)


async def _equals(probe, expected):
    return await probe() == expected


if __name__ == "__main__":
    unittest.main()
