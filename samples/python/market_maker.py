"""The simplest market maker, in Python: a bid and an ask `spread` away from a mid price; after every
fill it cancels what is left and quotes both sides again around the fill's price.

    PYTHONPATH=clients/python python3 samples/python/market_maker.py --port 7001 --account 1001 --secret alice-secret --instrument BTC-USD --mid 65000
"""
import argparse
import asyncio
import itertools
import time

from exchange_client import ExchangeClient, NewOrder, Side, protocol


class MarketMaker:
    def __init__(self, client: ExchangeClient, instrument: int, mid: int, spread: int, size: int) -> None:
        self.client, self.instrument, self.mid, self.spread, self.size = client, instrument, mid, spread, size
        self.ids = itertools.count(time.time_ns())  # client order ids unique across restarts
        self.quote_pairs = 0
        self.fills = 0

    async def quote(self, around: int) -> None:
        await self.client.cancel_all(self.instrument)  # what is left of the last quotes
        bid = await self.client.place(NewOrder.limit(next(self.ids), self.instrument, Side.BUY, around - self.spread, self.size))
        ask = await self.client.place(NewOrder.limit(next(self.ids), self.instrument, Side.SELL, around + self.spread, self.size))
        self.quote_pairs += 1
        print(f"quoting {self.size} @ {around - self.spread} / {self.size} @ {around + self.spread}"
              + ("" if bid.is_accepted and ask.is_accepted else f" (refused: {bid.reject_reason!r} / {ask.reject_reason!r})"))

    async def run(self) -> None:
        await self.quote(self.mid)
        async for message in self.client.messages():  # fills and everything else, in order
            if isinstance(message, protocol.OrderExecuted):
                self.fills += 1
                print(f"filled {message.quantity} @ {message.price}; re-quoting")
                await self.quote(message.price)


async def main() -> None:
    parser = argparse.ArgumentParser(description="Quote both sides of one instrument and re-quote after fills.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7001)
    parser.add_argument("--account", type=int, default=1001)
    parser.add_argument("--secret", default="alice-secret")
    parser.add_argument("--instrument", default="BTC-USD", help="symbol")
    parser.add_argument("--mid", type=int, default=65_000)
    parser.add_argument("--spread", type=int, default=10)
    parser.add_argument("--size", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    async with await ExchangeClient.connect([(args.host, args.port)], args.account, args.secret,
                                            last_seen=ExchangeClient.LIVE_ONLY, auto_reconnect=True) as client:
        instrument = await client.get_instrument(args.instrument)
        try:
            await asyncio.wait_for(MarketMaker(client, instrument.id, args.mid, args.spread, args.size).run(), args.seconds)
        except asyncio.TimeoutError:
            pass
        finally:
            print(f"stopped; {await client.cancel_all(instrument.id)} quote(s) cancelled")  # a maker leaves nothing behind


if __name__ == "__main__":
    asyncio.run(main())
