"""Progress of long imports, on stderr and only when a person is watching a terminal.

Piped or in CI, nothing is printed: logs stay clean and output stays the same
from run to run.
"""

from __future__ import annotations

import os
import sys
import time

INTERVAL = 0.25  # seconds between updates


class Progress:
    def __init__(self, label: str, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_tty(self.stream) and not os.environ.get("NRIKIT_NO_PROGRESS")
        self.label = label
        self.count = 0
        self.shown = False
        self._next = time.monotonic() + INTERVAL

    def tick(self) -> None:
        self.count += 1
        # Checking the clock every row would cost more than the update itself.
        if self.enabled and not self.count & 0x3FF and time.monotonic() >= self._next:
            self.stream.write(f"\r{self.label}: {self.count:,} rows")
            self.stream.flush()
            self.shown = True
            self._next = time.monotonic() + INTERVAL

    def update(self, count: int) -> None:
        """Set the count (for callers that count rows themselves)."""
        self.count = count - 1
        self.tick()

    def share(self, done: int, total: int) -> None:
        """Show progress as a percentage (for bulk paths that see bytes, not rows)."""
        if self.enabled and time.monotonic() >= self._next and total:
            self.stream.write(f"\r{self.label}: {min(100, done * 100 // total)}%")
            self.stream.flush()
            self.shown = True
            self._next = time.monotonic() + INTERVAL

    def done(self) -> None:
        if self.shown:
            self.stream.write(f"\r{self.label}: {self.count:,} rows\n" if self.count else f"\r{self.label}: done\n")
            self.stream.flush()
            self.shown = False


def _is_tty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
