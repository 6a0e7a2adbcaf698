import argparse, asyncio, time
from exchange_client import ExchangeClient, NewOrder, Side, protocol

async def main(port=7001, account=1001, secret="alice-secret"):
    async with await ExchangeClient.connect([("127.0.0.1", port)], account, secret, last_seen=ExchangeClient.LIVE_ONLY) as client:
        btc = await client.get_instrument("BTC-USD")
        print(f"{btc.symbol}: limit prices {btc.band_low}..{btc.band_high} accepted now, tick {btc.tick_size}, lot {btc.lot_size}")

        order = NewOrder.limit(client_order_id=time.time_ns(), instrument=btc.id, side=Side.BUY, price=btc.reference_price, quantity=btc.min_quantity)
        placed = await client.place(order)
        print(f"order {placed.order_id} accepted: buy {order.quantity} @ {order.price}" if placed.is_accepted else f"rejected: {placed.reject_reason!r}")

        names = {btc.base_asset.id: btc.base_asset.symbol, btc.quote_asset.id: btc.quote_asset.symbol}
        for balance in await client.query_balances():
            print(f"{names.get(balance.asset, f'asset {balance.asset}')}: {balance.available} available, {balance.held} held")

        try:
            async with asyncio.timeout(5):
                async for message in client.messages():
                    if isinstance(message, protocol.OrderExecuted):
                        print(f"filled {message.quantity} @ {message.price}, {message.leaves} left")
                        break
        except TimeoutError:
            print("no fill within 5 seconds")

        print(f"{await client.cancel_all(btc.id)} order(s) left open, now cancelled")

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Log in, buy a little BTC-USD at the market's price, wait 5 s for a fill, cancel the rest.")
    parser.add_argument("--port", type=int, default=7001)
    parser.add_argument("--account", type=int, default=1001)
    parser.add_argument("--secret", default="alice-secret")
    args = parser.parse_args()
    asyncio.run(main(args.port, args.account, args.secret))
