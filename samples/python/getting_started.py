import asyncio, os, sys
from exchange_client import ExchangeClient, NewOrder, Side, protocol

async def main(port, account, secret):
    async with await ExchangeClient.connect([("127.0.0.1", port)], account, secret, auto_reconnect=True) as client:
        placed = await client.place(NewOrder.limit(client_order_id=42, instrument=1, side=Side.BUY, price=100, quantity=2))
        print(f"order {placed.order_id} accepted" if placed.is_accepted else f"rejected: {placed.reject_reason!r}")
        for balance in await client.query_balances():
            print(f"asset {balance.asset}: {balance.available} available, {balance.held} held")
        async for message in client.messages():
            if isinstance(message, protocol.OrderExecuted):
                print(f"filled {message.quantity} @ {message.price}, {message.leaves} left")
                break

if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))
