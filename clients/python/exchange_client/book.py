"""A local order book kept from market data, with gap detection (docs/protocol.md, Market data flow)."""
from __future__ import annotations

from .protocol import BookLevel, PublicTrade, Side


class LocalBook:
    """Price levels of one instrument. ``apply`` returns False on a gap: the caller subscribes again for a snapshot."""

    def __init__(self, instrument: int) -> None:
        self.instrument = instrument
        self.bids: dict[int, int] = {}
        self.asks: dict[int, int] = {}
        self.sequence = 0
        self.synced = False
        self.gaps = 0
        self._snapshot: list[BookLevel] = []

    def best_bid(self) -> tuple[int, int] | None:
        return max(self.bids.items()) if self.bids else None

    def best_ask(self) -> tuple[int, int] | None:
        return min(self.asks.items()) if self.asks else None

    def apply(self, message: BookLevel | PublicTrade) -> bool:
        if isinstance(message, BookLevel) and message.flags & 1:
            self._snapshot.append(message)
            if message.flags & 2:  # the last frame of a snapshot: replace the book
                self.bids, self.asks = {}, {}
                for level in self._snapshot:
                    if level.side:
                        (self.bids if level.side == Side.BUY else self.asks)[level.price] = level.quantity
                self._snapshot = []
                self.sequence = message.instrument_sequence
                self.synced = True
            return True
        if not self.synced:
            return True  # increments before the snapshot are covered by it
        if message.instrument_sequence <= self.sequence:
            return True  # already in the snapshot
        if message.instrument_sequence != self.sequence + 1:
            self.synced = False
            self.gaps += 1
            return False
        self.sequence = message.instrument_sequence
        if isinstance(message, BookLevel):
            side = self.bids if message.side == Side.BUY else self.asks
            if message.quantity == 0:
                side.pop(message.price, None)
            else:
                side[message.price] = message.quantity
        return True
