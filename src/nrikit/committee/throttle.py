"""Wrong sign-ins counted per client address, so a guesser cannot spread tries over many accounts.

The per-account lock (accounts.py) stops five wrong passwords in a row on one account; it cannot see
one address trying one password on every account of the committee. This counts wrong sign-ins per
address in a sliding window: past LIMIT, that address is refused (before any password is hashed)
until its oldest failure leaves the window. Memory is bounded: at most MAX_CLIENTS addresses are
remembered, the least recently seen forgotten first. Counts live in the server process only: a
restart clears them, which the per-account lock (kept in the workspace) does not.

Behind a reverse proxy every visitor shares the proxy's address; the window is short enough that
the worst case is a few minutes of refused sign-ins, and the proxy should throttle too.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

LIMIT = 20  # wrong sign-ins per address in WINDOW: a committee member mistyping never comes close
WINDOW = 10 * 60  # seconds
MAX_CLIENTS = 10_000


class SignInThrottle:
    def __init__(
        self,
        limit: int = LIMIT,
        window: float = WINDOW,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ):
        self.limit, self.window, self.clock, self.max_clients = limit, window, clock, max_clients
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()  # the sign-in view runs on the event loop; tests call it from threads

    def _recent(self, client: str, now: float) -> deque[float] | None:
        seen = self._failures.get(client)
        if seen is None:
            return None
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if not seen:
            del self._failures[client]
            return None
        return seen

    def blocked(self, client: str | None) -> bool:
        """True when `client` has had LIMIT wrong sign-ins within the window."""
        if client is None:
            return False
        with self._lock:
            seen = self._recent(client, self.clock())
            return seen is not None and len(seen) >= self.limit

    def minutes_left(self, client: str | None) -> int:
        """Whole minutes (at least 1) until `client` may try again."""
        with self._lock:
            now = self.clock()
            seen = self._recent(client, now) if client is not None else None
            if not seen or len(seen) < self.limit:
                return 0
            # the address is free again once enough failures have left the window
            frees_at = seen[len(seen) - self.limit] + self.window
            return max(1, int(-(-(frees_at - now) // 60)))

    def failed(self, client: str | None) -> None:
        if client is None:
            return
        with self._lock:
            now = self.clock()
            seen = self._recent(client, now)
            if seen is None:
                seen = self._failures[client] = deque(maxlen=self.limit)
            seen.append(now)
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)
