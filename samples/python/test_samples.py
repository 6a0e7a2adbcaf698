"""The Python samples run against a real server (EXCHANGE_PORT; the .NET test PythonClientTests starts one)."""
import asyncio
import contextlib
import io
import os
import pathlib
import unittest

import getting_started
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

    async def test_getting_started_runs_as_written_and_is_the_code_on_the_page(self):
        async with await ExchangeClient.connect([("127.0.0.1", PORT)], 2, "secret-2", last_seen=ExchangeClient.LIVE_ONLY) as seller:
            self.assertTrue((await seller.place(NewOrder.limit(7, 1, Side.SELL, 100, 1), timeout=PATIENCE)).is_accepted)
            output = io.StringIO()
            with contextlib.redirect_stdout(output):
                await asyncio.wait_for(getting_started.main(PORT, 3, "secret-3"), PATIENCE)
            self.assertRegex(output.getvalue(), r"order \d+ accepted\n")
            self.assertIn("filled 1 @ 100, 1 left", output.getvalue())
        async with await ExchangeClient.connect([("127.0.0.1", PORT)], 3, "secret-3", last_seen=ExchangeClient.LIVE_ONLY) as buyer:
            await buyer.cancel_all(timeout=PATIENCE)

        here = pathlib.Path(__file__).parent
        page = (here.parent.parent / "docs" / "client.md").read_text(encoding="utf-8")
        self.assertIn((here / "getting_started.py").read_text(encoding="utf-8"), page)


async def _equals(probe, expected):
    return await probe() == expected


if __name__ == "__main__":
    unittest.main()
