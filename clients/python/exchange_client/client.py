"""An asyncio trading session with the exchange (docs/protocol.md): login, order entry with each
answer matched to its request, queries, market data with a local book, heartbeats both ways, and
reconnect with resend from the last reply seen."""
from __future__ import annotations

import asyncio
import ssl
import enum
import itertools
import time
from dataclasses import dataclass
from typing import AsyncIterator, Optional, Sequence

from . import protocol as p
from .book import LocalBook


class LoginRejectedError(Exception):
    def __init__(self, reason: int) -> None:
        self.reason = p.LoginRejectReason(reason) if reason in p.LoginRejectReason._value2member_map_ else reason
        super().__init__(f"login rejected: {self.reason!r}")


class RequestRefusedError(Exception):
    """The gateway refused a request before the exchange saw it (ProtocolReject): throttled, busy, ..."""

    def __init__(self, reason: int) -> None:
        self.reason = p.ProtocolRejectReason(reason) if reason in p.ProtocolRejectReason._value2member_map_ else reason
        super().__init__(f"request refused: {self.reason!r}")


class State(enum.Enum):
    CONNECTED = 1
    RECONNECTING = 2
    CLOSED = 3


@dataclass(frozen=True)
class Asset:
    """An asset the venue lists: amounts by symbol (USD) rather than by number."""
    id: int
    symbol: str
    decimals: int


@dataclass(frozen=True)
class Instrument:
    """An instrument's reference data as of when it was asked for: how a valid order on it looks, in the
    domain's words (the .NET SDK's Instrument). The band moves with trades: ask again rather than keep it."""
    id: int
    symbol: str
    base_asset: Asset
    quote_asset: Asset
    tick_size: int
    lot_size: int
    min_quantity: int
    max_quantity: int
    band_low: int
    band_high: int
    last_trade_price: Optional[int]
    maker_fee_bps: int
    is_trading: bool

    def accepts(self, price: int) -> bool:
        """Whether a limit order at this price passes the tick and band checks now."""
        return self.band_low <= price <= self.band_high and price % self.tick_size == 0

    def round_down_to_tick(self, price: int) -> int:
        return price - price % self.tick_size

    @property
    def reference_price(self) -> int:
        """The last trade; before the first, the middle of the band (centred on the start price), on the tick;
        with neither a trade nor a band, one tick."""
        if self.last_trade_price is not None:
            return self.last_trade_price
        if self.band_high == 2**63 - 1:
            return self.tick_size
        return min(max(self.round_down_to_tick(self.band_low + (self.band_high - self.band_low) // 2), self.band_low), self.band_high)


@dataclass(frozen=True)
class NewOrder:
    """An order as an application states it; ``limit`` and ``market`` cover the usual shapes."""
    client_order_id: int
    instrument: int
    side: p.Side
    quantity: int
    price: int = 0
    order_type: p.OrderType = p.OrderType.LIMIT
    time_in_force: p.TimeInForce = p.TimeInForce.GTC
    self_trade_prevention: p.SelfTradePrevention = p.SelfTradePrevention.CANCEL_RESTING
    post_only: bool = False
    protection_price: int = 0
    stop_price: int = 0
    display_quantity: int = 0
    expire_time: int = 0
    quote_amount: int = 0

    @staticmethod
    def limit(client_order_id: int, instrument: int, side: p.Side, price: int, quantity: int,
              time_in_force: p.TimeInForce = p.TimeInForce.GTC) -> "NewOrder":
        return NewOrder(client_order_id, instrument, side, quantity, price, time_in_force=time_in_force)

    @staticmethod
    def market(client_order_id: int, instrument: int, side: p.Side, quantity: int, protection_price: int = 0) -> "NewOrder":
        return NewOrder(client_order_id, instrument, side, quantity, order_type=p.OrderType.MARKET,
                        time_in_force=p.TimeInForce.IOC, protection_price=protection_price)


@dataclass(frozen=True)
class PlaceResult:
    """The exchange's answer to one order; fills follow on ``messages()``."""
    accepted: Optional[p.OrderAccepted] = None
    rejected: Optional[p.OrderRejected] = None

    @property
    def is_accepted(self) -> bool:
        return self.accepted is not None

    @property
    def order_id(self) -> int:
        return self.accepted.order_id if self.accepted else 0

    @property
    def reject_reason(self):
        if not self.rejected:
            return p.RejectReason.NONE
        r = self.rejected.reason
        return p.RejectReason(r) if r in p.RejectReason._value2member_map_ else r


def tls_context(ca_file: Optional[str] = None, cert_file: Optional[str] = None, key_file: Optional[str] = None) -> "ssl.SSLContext":
    """A client TLS context: TLS 1.2 or later, the server's certificate checked against the system's roots or
    only ``ca_file``'s (a venue's private CA), and for mutual TLS this client's certificate and key."""
    context = ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cert_file:
        context.load_cert_chain(cert_file, key_file)
    return context


class ExchangeClient:
    """One session. Use ``await ExchangeClient.connect(...)``; ``async with`` closes it.

    Answers go to their requests (orders by client order id; queries and mass cancels by message id;
    gateway refusals by message id); every other message arrives once, in order, on ``messages()``, a
    bounded buffer: when the application falls behind, the client stops reading the socket (the
    server queues, and past its limit ends the session as a slow consumer; with ``auto_reconnect`` the
    missed replies are resent). Time waiting for the application does not count as server silence.
    """

    LIVE_ONLY = -1

    def __init__(self, endpoints: Sequence[tuple[str, int]], account: int, secret: str, *, last_seen: int = 0,
                 protocol_version: int = 3, auto_reconnect: bool = False, cancel_on_disconnect: bool = False,
                 market_data_only: bool = False, buffer: int = 8192, heartbeat_timeout_intervals: int = 3,
                 max_reconnect_delay: float = 2.0, tls: Optional["ssl.SSLContext"] = None,
                 tls_server_name: Optional[str] = None) -> None:
        """``tls``: an ``ssl.SSLContext`` (e.g. ``tls_context(ca_file=...)``) to speak TLS to the trading port;
        ``tls_server_name``: the name the server's certificate must carry (default: the endpoint's host)."""
        if not endpoints:
            raise ValueError("at least one endpoint is needed")
        self.endpoints = list(endpoints)
        self.account = account
        self._secret = secret
        self._first_last_seen = last_seen
        self.protocol_version = protocol_version
        self.auto_reconnect = auto_reconnect
        self._flags = (1 if cancel_on_disconnect else 0) | (2 if market_data_only else 0)
        self._queue: asyncio.Queue = asyncio.Queue(maxsize=max(1, buffer))
        self._timeout_intervals = heartbeat_timeout_intervals
        self._max_delay = max_reconnect_delay
        self._tls = tls
        self._tls_server_name = tls_server_name
        self._ids = itertools.count(1)
        self._orders: dict[int, asyncio.Future] = {}
        self._order_by_message: dict[int, int] = {}
        self._queries: dict[int, tuple[list, asyncio.Future]] = {}
        self._answers: dict[int, asyncio.Future] = {}
        self._books: dict[int, LocalBook] = {}
        self._send_lock = asyncio.Lock()
        self._reader: Optional[asyncio.StreamReader] = None
        self._writer: Optional[asyncio.StreamWriter] = None
        self._tasks: list[asyncio.Task] = []
        self._last_heard = time.monotonic()
        self._delivery_blocked = False
        self._closing = False
        self.endpoint_index = 0
        self.last_sequence = max(0, last_seen)
        self.heartbeat_seconds = 1.0
        self.reconnects = 0
        self.state = State.RECONNECTING
        self.close_reason: Optional[BaseException] = None
        self.on_state_change = None  # optional callable(State)

    # --- connecting -------------------------------------------------------------------------------

    @classmethod
    async def connect(cls, endpoints: Sequence[tuple[str, int]], account: int, secret: str, **options) -> "ExchangeClient":
        client = cls(endpoints, account, secret, **options)
        last_error: Optional[BaseException] = None
        for index in range(len(client.endpoints)):
            client.endpoint_index = index
            try:
                first_seen = p.ALL_ONES if client._first_last_seen == cls.LIVE_ONLY else client.last_sequence
                rejected = await client._login(first_seen)
            except (OSError, asyncio.IncompleteReadError) as error:
                last_error = error
                continue
            if rejected is not None:
                await client._drop()
                raise LoginRejectedError(rejected.reason)
            client._set_state(State.CONNECTED)
            client._tasks = [asyncio.create_task(client._receive_loop()), asyncio.create_task(client._heartbeat_loop())]
            return client
        raise ConnectionError(f"no endpoint accepted the connection: {last_error}")

    async def __aenter__(self) -> "ExchangeClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        self._closing = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        await self._drop()
        self._fail_pending(ConnectionError("the client was closed"), orders_too=True)
        self._set_state(State.CLOSED)

    # --- requests ---------------------------------------------------------------------------------

    def next_message_id(self) -> int:
        return next(self._ids)

    async def send(self, message: p.Message) -> None:
        """Sends any protocol message; frames never interleave."""
        async with self._send_lock:
            if self._writer is None:
                raise ConnectionError("not connected")
            self._writer.write(message.frame())
            await self._writer.drain()

    def _order_message(self, message_id: int, o: NewOrder) -> p.NewOrderV2:
        return p.NewOrderV2(message_id, o.client_order_id, o.instrument, int(o.side), int(o.order_type), int(o.time_in_force),
                            int(o.self_trade_prevention), 1 if o.post_only else 0, 0, 0, o.price, o.quantity, o.protection_price,
                            o.stop_price, o.display_quantity, o.expire_time, o.quote_amount)

    async def send_order(self, order: NewOrder) -> None:
        """Sends an order without waiting for its answer (it arrives on ``messages()``)."""
        await self.send(self._order_message(self.next_message_id(), order))

    async def place(self, order: NewOrder, timeout: Optional[float] = None) -> PlaceResult:
        """Places an order and returns the exchange's answer to it. A timeout stops the wait, not the order."""
        if order.client_order_id in self._orders:
            raise ValueError(f"an order with client order id {order.client_order_id} is already waiting for its answer")
        message_id = self.next_message_id()
        future = asyncio.get_running_loop().create_future()
        self._orders[order.client_order_id] = future
        self._order_by_message[message_id] = order.client_order_id
        try:
            await self.send(self._order_message(message_id, order))
            return await asyncio.wait_for(future, timeout)
        finally:
            self._orders.pop(order.client_order_id, None)
            self._order_by_message.pop(message_id, None)

    async def cancel(self, order_id: int = 0, client_order_id: int = 0) -> None:
        await self.send(p.CancelOrder(self.next_message_id(), order_id, client_order_id))

    async def replace(self, order_id: int, price: int, quantity: int) -> None:
        await self.send(p.ReplaceOrder(self.next_message_id(), order_id, 0, price, quantity))

    async def cancel_all(self, instrument: int = 0, timeout: Optional[float] = None) -> int:
        """Cancels the account's open orders (one instrument, or 0: all); returns how many."""
        message_id = self.next_message_id()
        future = asyncio.get_running_loop().create_future()
        self._answers[message_id] = future
        try:
            await self.send(p.MassCancel(message_id, instrument))
            done: p.MassCancelDone = await asyncio.wait_for(future, timeout)
            return done.canceled
        finally:
            self._answers.pop(message_id, None)

    async def _query(self, message_id: int, request: p.Message, timeout: Optional[float]) -> list:
        future = asyncio.get_running_loop().create_future()
        self._queries[message_id] = ([], future)
        try:
            await self.send(request)
            return await asyncio.wait_for(future, timeout)
        finally:
            self._queries.pop(message_id, None)

    async def query_balances(self, timeout: Optional[float] = None) -> list[p.BalanceReport]:
        message_id = self.next_message_id()
        return [r for r in await self._query(message_id, p.QueryBalances(message_id), timeout) if r.asset]

    async def query_open_orders(self, instrument: int = 0, timeout: Optional[float] = None) -> list[p.OpenOrderReport]:
        message_id = self.next_message_id()
        return [r for r in await self._query(message_id, p.QueryOpenOrders(message_id, instrument), timeout) if r.order_id]

    async def query_instruments(self, instrument: int = 0, timeout: Optional[float] = None) -> list[p.InstrumentReport]:
        message_id = self.next_message_id()
        return [r for r in await self._query(message_id, p.QueryInstruments(message_id, instrument), timeout) if r.instrument]

    async def query_assets(self, timeout: Optional[float] = None) -> list[p.AssetReport]:
        message_id = self.next_message_id()
        return [r for r in await self._query(message_id, p.QueryAssets(message_id), timeout) if r.asset]

    async def get_instruments(self, timeout: Optional[float] = None) -> list[Instrument]:
        """Every instrument's reference data with its assets by symbol (the .NET SDK's GetInstrumentsAsync)."""
        assets = {a.asset: Asset(a.asset, a.symbol, a.decimals) for a in await self.query_assets(timeout)}

        def asset(asset_id: int) -> Asset:
            return assets.get(asset_id, Asset(asset_id, str(asset_id), 0))

        return [Instrument(r.instrument, r.symbol, asset(r.base_asset), asset(r.quote_asset), r.tick_size, r.lot_size,
                           r.min_quantity, r.max_quantity, r.band_low, r.band_high, r.last_trade_price or None,
                           r.maker_fee_bps, r.status == 1)
                for r in await self.query_instruments(0, timeout)]

    async def get_instrument(self, symbol: str, timeout: Optional[float] = None) -> Instrument:
        """One instrument by symbol (any case); ValueError naming the listed ones when there is none."""
        instruments = await self.get_instruments(timeout)
        for instrument in instruments:
            if instrument.symbol.lower() == symbol.lower():
                return instrument
        raise ValueError(f"no instrument {symbol!r} (the venue lists: {', '.join(i.symbol for i in instruments)})")

    async def subscribe_book(self, instrument: int, depth: int = 100) -> LocalBook:
        """Subscribes and returns a local book the client keeps up to date (resubscribing after a gap)."""
        book = self._books.setdefault(instrument, LocalBook(instrument))
        await self.send(p.Subscribe(instrument, max(1, min(depth, 1000))))
        return book

    # --- the application's stream -----------------------------------------------------------------

    async def next_message(self, timeout: Optional[float] = None):
        """The next message for the application; raises ConnectionError once the client has closed and the buffer is empty."""
        message = await asyncio.wait_for(self._queue.get(), timeout)
        if message is _CLOSED:
            self._queue.put_nowait(_CLOSED)
            raise ConnectionError(f"the client closed: {self.close_reason}")
        return message

    async def messages(self) -> AsyncIterator:
        """Every message that is not the answer to a request, in order, until the client closes."""
        while True:
            try:
                yield await self.next_message()
            except ConnectionError:
                return

    # --- internals ----------------------------------------------------------------------------------

    def _set_state(self, state: State) -> None:
        if self.state != state:
            self.state = state
            if self.on_state_change:
                self.on_state_change(state)

    async def _drop(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except (OSError, ConnectionError):
                pass
        self._writer = None

    async def _login(self, last_seen: int) -> Optional[p.LoginRejected]:
        host, port = self.endpoints[self.endpoint_index]
        if self._tls is None:
            reader, writer = await asyncio.open_connection(host, port)
        else:
            reader, writer = await asyncio.open_connection(host, port, ssl=self._tls, server_hostname=self._tls_server_name or host)
        async with self._send_lock:
            await self._drop()
            self._reader, self._writer = reader, writer
            writer.write(p.Login(self.account, self.protocol_version, self._flags, 0, last_seen, self._secret).frame())
            await writer.drain()
        first = await self._read_frame()
        if isinstance(first, p.LoginAccepted):
            self.heartbeat_seconds = max(0.05, first.heartbeat_millis / 1000)
            self._last_heard = time.monotonic()
            return None
        if isinstance(first, p.LoginRejected):
            return first
        raise ConnectionError(f"unexpected {type(first).__name__} during login")

    async def _read_frame(self):
        assert self._reader is not None
        header = await self._reader.readexactly(p.HEADER.size)
        length, type_, version = p.HEADER.unpack(header)
        if length < 2 or length + 2 > p.MAX_FRAME:
            raise ConnectionError(f"bad frame from the server (length {length})")
        body = await self._reader.readexactly(length - 2)
        return p.decode(type_, version, body)

    async def _receive_loop(self) -> None:
        try:
            while True:
                try:
                    while True:
                        message = await self._read_frame()
                        self._last_heard = time.monotonic()
                        await self._handle(message)
                except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
                    if self.close_reason is None:
                        self.close_reason = error
                # The connection is over: close this side now (the server lingers until the client closes too).
                if self._writer is not None:
                    self._writer.close()
                if not self.auto_reconnect or self._closing:
                    return
                self._set_state(State.RECONNECTING)
                self._fail_pending(ConnectionError("the connection was lost before the answer came; ask again"), orders_too=False)
                if not await self._reconnect():
                    return
                self.close_reason = None
                self._set_state(State.CONNECTED)
        finally:
            self._fail_pending(ConnectionError(f"the client closed: {self.close_reason}"), orders_too=True)
            self._set_state(State.CLOSED)
            try:
                self._queue.put_nowait(_CLOSED)
            except asyncio.QueueFull:
                asyncio.get_running_loop().create_task(self._queue.put(_CLOSED))

    async def _handle(self, message) -> None:
        if isinstance(message, p.NUMBERED):
            if message.sequence <= self.last_sequence:
                return  # already delivered before a reconnect
            self.last_sequence = message.sequence
        if self._route(message):
            return
        if isinstance(message, (p.BookLevel, p.PublicTrade)):
            book = self._books.get(message.instrument)
            if book is not None and not book.apply(message):
                await self.send(p.Subscribe(book.instrument, 1000))
        if self._queue.full():
            self._delivery_blocked = True
            try:
                await self._queue.put(message)
            finally:
                self._last_heard = time.monotonic()
                self._delivery_blocked = False
        else:
            self._queue.put_nowait(message)

    def _route(self, message) -> bool:
        """Completes what the message answers; True for a query's report (not an event for the application)."""
        if isinstance(message, p.OrderAccepted):
            self._complete(self._orders.pop(message.client_order_id, None), PlaceResult(accepted=message))
        elif isinstance(message, p.OrderRejected) and message.command_type == 1:
            self._complete(self._orders.pop(message.client_order_id, None), PlaceResult(rejected=message))
        elif isinstance(message, p.ProtocolReject) and message.client_message_id:
            error = RequestRefusedError(message.reason)
            client_order_id = self._order_by_message.pop(message.client_message_id, None)
            for future in (self._orders.pop(client_order_id, None) if client_order_id is not None else None,
                           self._answers.pop(message.client_message_id, None),
                           (self._queries.pop(message.client_message_id, (None, None)))[1]):
                if future is not None and not future.done():
                    future.set_exception(error)
        elif isinstance(message, p.MassCancelDone):
            self._complete(self._answers.pop(message.client_message_id, None), message)
        elif isinstance(message, (p.BalanceReport, p.OpenOrderReport, p.InstrumentReport, p.AssetReport)):
            pending = self._queries.get(message.client_message_id)
            if pending is None:
                return False
            reports, future = pending
            reports.append(message)
            if message.flags & 2:
                self._queries.pop(message.client_message_id, None)
                self._complete(future, reports)
            return True
        return False

    @staticmethod
    def _complete(future: Optional[asyncio.Future], value) -> None:
        if future is not None and not future.done():
            future.set_result(value)

    def _fail_pending(self, error: BaseException, orders_too: bool) -> None:
        for _, future in list(self._queries.values()):
            if not future.done():
                future.set_exception(error)
        self._queries.clear()
        for future in list(self._answers.values()):
            if not future.done():
                future.set_exception(error)
        self._answers.clear()
        if orders_too:
            for future in list(self._orders.values()):
                if not future.done():
                    future.set_exception(error)
            self._orders.clear()
            self._order_by_message.clear()

    async def _reconnect(self) -> bool:
        delay = 0.05
        while not self._closing:
            self.endpoint_index = (self.endpoint_index + 1) % len(self.endpoints)  # in turn, the lost one last
            await asyncio.sleep(delay)
            try:
                rejected = await self._login(self.last_sequence)
                if rejected is None:
                    self.reconnects += 1
                    for book in self._books.values():
                        book.synced = False
                        await self.send(p.Subscribe(book.instrument, 1000))
                    return True
                reason = p.LoginRejectReason(rejected.reason) if rejected.reason in p.LoginRejectReason._value2member_map_ else None
                if reason is None or not reason.transient:
                    self.close_reason = LoginRejectedError(rejected.reason)
                    return False
            except (OSError, ConnectionError, asyncio.IncompleteReadError) as error:
                self.close_reason = error
            delay = min(self._max_delay, delay * 2)
        return False

    async def _heartbeat_loop(self) -> None:
        """Sends a heartbeat every interval; ends a connection the server keeps silent for too long."""
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            silent = time.monotonic() - self._last_heard
            if self.state == State.CONNECTED and not self._delivery_blocked and silent > self.heartbeat_seconds * self._timeout_intervals:
                self.close_reason = TimeoutError(f"the server sent nothing for {silent:.1f} s")
                if self._writer is not None:
                    self._writer.transport.abort()  # the receive loop sees the connection end
                continue
            try:
                await self.send(p.ClientHeartbeat())
            except (OSError, ConnectionError):
                pass  # the receive loop notices and reconnects or closes


_CLOSED = object()
