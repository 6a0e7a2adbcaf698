"""Python asyncio client for the Exchange binary protocol (docs/protocol.md). Standard library only."""
from .book import LocalBook
from .client import (Asset, ExchangeClient, Instrument, LoginRejectedError, NewOrder, PlaceResult, RequestRefusedError, State, tls_context)
from .protocol import (OrderType, RejectReason, SelfTradePrevention, Side, TimeInForce)
from . import protocol

__all__ = ["Asset", "ExchangeClient", "Instrument", "LocalBook", "LoginRejectedError", "NewOrder", "OrderType", "PlaceResult", "RejectReason",
           "RequestRefusedError", "SelfTradePrevention", "Side", "State", "TimeInForce", "protocol", "tls_context"]
