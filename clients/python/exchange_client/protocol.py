"""The exchange's binary protocol (docs/protocol.md): framing, enums and one dataclass per message.

Every integer is little-endian; prices and quantities are 64-bit integers in the instrument's units.
A frame is ``length (u16) | type (u8) | version (u8) | body``, where ``length`` counts type, version and body.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, fields
from enum import IntEnum
from typing import ClassVar, Optional, Type


class Side(IntEnum):
    BUY = 1
    SELL = 2


class OrderType(IntEnum):
    LIMIT = 1
    MARKET = 2
    STOP = 3
    STOP_LIMIT = 4


class TimeInForce(IntEnum):
    GTC = 1
    IOC = 2
    FOK = 3
    GTD = 4
    DAY = 5


class SelfTradePrevention(IntEnum):
    CANCEL_RESTING = 0
    CANCEL_AGGRESSOR = 1
    CANCEL_BOTH = 2
    DECREMENT_AND_CANCEL = 3


class RejectReason(IntEnum):
    """Why the engine refused a command (docs/matching-rules.md)."""
    NONE = 0
    UNKNOWN_INSTRUMENT = 1
    INSTRUMENT_HALTED = 2
    BAD_TICK = 3
    BAD_LOT = 4
    QUANTITY_OUT_OF_RANGE = 5
    OUTSIDE_PRICE_BAND = 6
    INSUFFICIENT_BALANCE = 7
    UNKNOWN_ORDER = 8
    NOT_OWNER = 9
    DUPLICATE_CLIENT_ORDER_ID = 10
    POST_ONLY_WOULD_CROSS = 11
    FOK_NOT_FILLABLE = 12
    SELF_TRADE = 13
    UNKNOWN_ACCOUNT = 14
    INVALID_PRICE = 15
    INVALID_QUANTITY = 16
    INVALID_SIDE = 17
    INVALID_ORDER_TYPE = 18
    INVALID_TIME_IN_FORCE = 19
    INVALID_SELF_TRADE_PREVENTION = 20
    NOTIONAL_OVERFLOW = 21
    DUPLICATE_INSTRUMENT = 22
    INVALID_INSTRUMENT_SPEC = 23
    DUPLICATE_ACCOUNT = 24
    INVALID_ACCOUNT = 25
    INVALID_ASSET = 26
    INVALID_AMOUNT = 27
    BALANCE_OVERFLOW = 28
    INSTRUMENT_ALREADY_HALTED = 29
    INSTRUMENT_NOT_HALTED = 30
    UNKNOWN_COMMAND = 31
    INVALID_STOP_PRICE = 32
    STOP_WOULD_TRIGGER = 33
    INVALID_DISPLAY_QUANTITY = 34
    INVALID_EXPIRE_TIME = 35
    INVALID_QUOTE_AMOUNT = 36
    PROTECTION_PRICE_REQUIRED = 37


class LoginRejectReason(IntEnum):
    NOT_AUTHORIZED = 1
    UNSUPPORTED_PROTOCOL_VERSION = 2
    ALREADY_LOGGED_IN = 3
    RESEND_WINDOW_EXCEEDED = 4
    TOO_MANY_CONNECTIONS = 5
    SERVER_SHUTTING_DOWN = 6
    LOGIN_TIMEOUT = 7
    LOCKED_OUT = 8

    @property
    def transient(self) -> bool:
        """Retrying after a pause may succeed (docs/protocol.md, Session)."""
        return self in (LoginRejectReason.ALREADY_LOGGED_IN, LoginRejectReason.TOO_MANY_CONNECTIONS,
                        LoginRejectReason.SERVER_SHUTTING_DOWN, LoginRejectReason.LOGIN_TIMEOUT, LoginRejectReason.LOCKED_OUT)


class ProtocolRejectReason(IntEnum):
    UNKNOWN_TYPE = 1
    UNSUPPORTED_VERSION = 2
    WRONG_BODY_SIZE = 3
    NOT_LOGGED_IN = 4
    THROTTLED = 5
    NOT_ALLOWED = 6
    BUSY = 7
    UNKNOWN_INSTRUMENT = 8


HEADER = struct.Struct("<HBB")
MAX_FRAME = 512
ALL_ONES = 2**64 - 1


def _text(raw: bytes) -> str:
    return raw.rstrip(b"\0").decode("utf-8", "replace")


@dataclass(frozen=True)
class Message:
    """A message with a fixed layout: TYPE, VERSION and the struct LAYOUT of its body, fields in order."""
    TYPE: ClassVar[int]
    VERSION: ClassVar[int] = 1
    LAYOUT: ClassVar[struct.Struct] = struct.Struct("<")

    def body(self) -> bytes:
        values = [getattr(self, f.name) for f in fields(self)]
        values = [v.encode("utf-8").ljust(32, b"\0")[:32] if isinstance(v, str) else int(v) for v in values]
        return self.LAYOUT.pack(*values)

    def frame(self) -> bytes:
        body = self.body()
        return HEADER.pack(len(body) + 2, self.TYPE, self.VERSION) + body

    @classmethod
    def decode(cls, body: bytes):
        values = cls.LAYOUT.unpack(body)
        return cls(*[_text(v) if isinstance(v, bytes) else v for v in values])


# --- client to server ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Login(Message):
    TYPE = 0x01
    LAYOUT = struct.Struct("<QHBBQ32s")
    account: int
    protocol_version: int
    flags: int
    reserved: int
    last_seen_sequence: int
    secret: str


@dataclass(frozen=True)
class Logout(Message):
    TYPE = 0x02


@dataclass(frozen=True)
class ClientHeartbeat(Message):
    TYPE = 0x03


@dataclass(frozen=True)
class NewOrderV2(Message):
    TYPE = 0x10
    VERSION = 2
    LAYOUT = struct.Struct("<QQIBBBBBBHqqqqqqq")
    client_message_id: int
    client_order_id: int
    instrument: int
    side: int
    order_type: int
    time_in_force: int
    self_trade_prevention: int
    flags: int
    reserved1: int
    reserved2: int
    price: int
    quantity: int
    protection_price: int
    stop_price: int
    display_quantity: int
    expire_time: int
    quote_amount: int


@dataclass(frozen=True)
class CancelOrder(Message):
    TYPE = 0x11
    LAYOUT = struct.Struct("<QQQ")
    client_message_id: int
    order_id: int
    client_order_id: int


@dataclass(frozen=True)
class ReplaceOrder(Message):
    TYPE = 0x12
    LAYOUT = struct.Struct("<QQQqq")
    client_message_id: int
    order_id: int
    client_order_id: int
    price: int
    quantity: int


@dataclass(frozen=True)
class MassCancel(Message):
    TYPE = 0x13
    LAYOUT = struct.Struct("<QII")
    client_message_id: int
    instrument: int
    reserved: int = 0


@dataclass(frozen=True)
class Subscribe(Message):
    TYPE = 0x20
    LAYOUT = struct.Struct("<IHH")
    instrument: int
    depth: int
    reserved: int = 0


@dataclass(frozen=True)
class Unsubscribe(Message):
    TYPE = 0x21
    LAYOUT = struct.Struct("<II")
    instrument: int
    reserved: int = 0


@dataclass(frozen=True)
class QueryBalances(Message):
    TYPE = 0x30
    LAYOUT = struct.Struct("<Q")
    client_message_id: int


@dataclass(frozen=True)
class QueryOpenOrders(Message):
    TYPE = 0x31
    LAYOUT = struct.Struct("<QII")
    client_message_id: int
    instrument: int
    reserved: int = 0


@dataclass(frozen=True)
class QueryInstruments(Message):
    TYPE = 0x32
    LAYOUT = struct.Struct("<QII")
    client_message_id: int
    instrument: int
    reserved: int = 0


@dataclass(frozen=True)
class QueryAssets(Message):
    TYPE = 0x33
    LAYOUT = struct.Struct("<Q")
    client_message_id: int


# --- server to client ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LoginAccepted(Message):
    TYPE = 0x81
    LAYOUT = struct.Struct("<QQI")
    session_id: int
    next_sequence: int
    heartbeat_millis: int


@dataclass(frozen=True)
class LoginRejected(Message):
    TYPE = 0x82
    LAYOUT = struct.Struct("<H")
    reason: int


@dataclass(frozen=True)
class ServerHeartbeat(Message):
    TYPE = 0x83


@dataclass(frozen=True)
class SessionEnded(Message):
    TYPE = 0x84
    LAYOUT = struct.Struct("<H")
    reason: int


@dataclass(frozen=True)
class ProtocolReject(Message):
    TYPE = 0x8F
    LAYOUT = struct.Struct("<BBHQ")
    reference_type: int
    reserved: int
    reason: int
    client_message_id: int


@dataclass(frozen=True)
class OrderAccepted(Message):
    TYPE = 0x90
    LAYOUT = struct.Struct("<QQqQQIBBHqq")
    sequence: int
    engine_sequence: int
    timestamp: int
    order_id: int
    client_order_id: int
    instrument: int
    side: int
    reserved1: int
    reserved2: int
    price: int
    quantity: int


@dataclass(frozen=True)
class OrderRejected(Message):
    TYPE = 0x91
    LAYOUT = struct.Struct("<QQqQQHBB")
    sequence: int
    engine_sequence: int
    timestamp: int
    client_order_id: int
    order_id: int
    reason: int
    command_type: int
    reserved: int


@dataclass(frozen=True)
class OrderExecuted(Message):
    TYPE = 0x92
    LAYOUT = struct.Struct("<QQqQQQqqqqBBHI")
    sequence: int
    engine_sequence: int
    timestamp: int
    order_id: int
    client_order_id: int
    trade_id: int
    price: int
    quantity: int
    leaves: int
    fee: int
    liquidity: int
    side: int
    reserved1: int
    instrument: int


@dataclass(frozen=True)
class OrderCanceled(Message):
    TYPE = 0x93
    LAYOUT = struct.Struct("<QQqQQqBBHI")
    sequence: int
    engine_sequence: int
    timestamp: int
    order_id: int
    client_order_id: int
    quantity: int
    reason: int
    expired: int
    reserved: int
    instrument: int


@dataclass(frozen=True)
class OrderReplaced(Message):
    TYPE = 0x94
    LAYOUT = struct.Struct("<QQqQQqq")
    sequence: int
    engine_sequence: int
    timestamp: int
    order_id: int
    client_order_id: int
    price: int
    leaves: int


@dataclass(frozen=True)
class OrderTriggered(Message):
    TYPE = 0x95
    LAYOUT = struct.Struct("<QQqQQIBBHqqq")
    sequence: int
    engine_sequence: int
    timestamp: int
    order_id: int
    client_order_id: int
    instrument: int
    side: int
    order_type: int
    reserved: int
    price: int
    stop_price: int
    quantity: int


@dataclass(frozen=True)
class OrderReduced(Message):
    TYPE = 0x96
    LAYOUT = struct.Struct("<QQqQQqqqIBBH")
    sequence: int
    engine_sequence: int
    timestamp: int
    order_id: int
    client_order_id: int
    price: int
    leaves: int
    reduced: int
    instrument: int
    reason: int
    reserved1: int
    reserved2: int


@dataclass(frozen=True)
class MassCancelDone(Message):
    TYPE = 0x97
    LAYOUT = struct.Struct("<QQqQII")
    sequence: int
    engine_sequence: int
    timestamp: int
    client_message_id: int
    instrument: int
    canceled: int


@dataclass(frozen=True)
class BookLevel(Message):
    TYPE = 0xA0
    LAYOUT = struct.Struct("<QIBBHqqII")
    instrument_sequence: int
    instrument: int
    side: int
    flags: int
    reserved: int
    price: int
    quantity: int
    orders: int
    reserved2: int


@dataclass(frozen=True)
class PublicTrade(Message):
    TYPE = 0xA1
    LAYOUT = struct.Struct("<QIBBHQqqq")
    instrument_sequence: int
    instrument: int
    aggressor_side: int
    reserved1: int
    reserved2: int
    trade_id: int
    price: int
    quantity: int
    timestamp: int


@dataclass(frozen=True)
class TopOfBook(Message):
    TYPE = 0xA2
    LAYOUT = struct.Struct("<QIIqqqq")
    instrument_sequence: int
    instrument: int
    reserved: int
    bid_price: int
    bid_quantity: int
    ask_price: int
    ask_quantity: int


@dataclass(frozen=True)
class InstrumentStatusChanged(Message):
    TYPE = 0xA3
    LAYOUT = struct.Struct("<QqIBBHq")
    engine_sequence: int
    timestamp: int
    instrument: int
    status: int
    change: int
    reserved: int
    price: int


@dataclass(frozen=True)
class BalanceReport(Message):
    TYPE = 0xB0
    LAYOUT = struct.Struct("<QQIBBHqq")
    sequence: int
    client_message_id: int
    asset: int
    flags: int
    reserved1: int
    reserved2: int
    available: int
    held: int


@dataclass(frozen=True)
class OpenOrderReport(Message):
    """Version 2 (protocol version 2 and 3 sessions); the version 1 layout is its first 64 bytes."""
    TYPE = 0xB1
    VERSION = 2
    LAYOUT = struct.Struct("<QQQQIBBHqqqBBHIqqq")
    sequence: int
    client_message_id: int
    order_id: int
    client_order_id: int
    instrument: int
    side: int
    flags: int
    reserved: int
    price: int
    quantity: int
    leaves: int
    order_type: int
    time_in_force: int
    reserved2: int
    reserved3: int
    stop_price: int
    display_quantity: int
    expire_time: int


@dataclass(frozen=True)
class InstrumentReport(Message):
    TYPE = 0xB2
    LAYOUT = struct.Struct("<QIBBHIIqqqqqqqq32s")
    client_message_id: int
    instrument: int
    status: int
    flags: int
    reserved: int
    base_asset: int
    quote_asset: int
    tick_size: int
    lot_size: int
    min_quantity: int
    max_quantity: int
    band_low: int
    band_high: int
    last_trade_price: int
    maker_fee_bps: int
    symbol: str


@dataclass(frozen=True)
class AssetReport(Message):
    TYPE = 0xB3
    LAYOUT = struct.Struct("<QIBBH32s")
    client_message_id: int
    asset: int
    flags: int
    decimals: int
    reserved: int
    symbol: str


@dataclass(frozen=True)
class BalanceUpdate(Message):
    TYPE = 0xC1
    LAYOUT = struct.Struct("<QQqIIqqq")
    sequence: int
    engine_sequence: int
    timestamp: int
    asset: int
    cause: int
    amount: int
    available: int
    held: int


@dataclass(frozen=True)
class UnknownMessage:
    """A type or version this client does not know: passed on, never fatal (docs/protocol.md, Versioning)."""
    type: int
    version: int
    body: bytes


INBOUND: dict[tuple[int, int], Type[Message]] = {
    (m.TYPE, m.VERSION): m for m in (
        LoginAccepted, LoginRejected, ServerHeartbeat, SessionEnded, ProtocolReject, OrderAccepted, OrderRejected,
        OrderExecuted, OrderCanceled, OrderReplaced, OrderTriggered, OrderReduced, MassCancelDone, BookLevel,
        PublicTrade, TopOfBook, InstrumentStatusChanged, BalanceReport, OpenOrderReport, InstrumentReport, AssetReport, BalanceUpdate)
}

NUMBERED = (OrderAccepted, OrderRejected, OrderExecuted, OrderCanceled, OrderReplaced, OrderTriggered, OrderReduced, BalanceUpdate)


def decode(type_: int, version: int, body: bytes):
    """The message a frame holds; a known layout of the wrong size raises ValueError (damage)."""
    cls: Optional[Type[Message]] = INBOUND.get((type_, version))
    if cls is None:
        return UnknownMessage(type_, version, body)
    if len(body) != cls.LAYOUT.size:
        raise ValueError(f"malformed {cls.__name__}: {len(body)} bytes, expected {cls.LAYOUT.size}")
    return cls.decode(body)
