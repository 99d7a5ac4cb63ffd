"""A plain-text progress bar for long management commands (no extra dependency)."""

import sys
import time


class ProgressBar:
    """Redraws one line on a terminal; prints a line every 10% when not a terminal."""

    def __init__(self, total: int, stream=None, label: str = "", width: int = 30):
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.label = label
        self.width = width
        self.started = time.monotonic()
        self.last_decile = -1
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, done: int) -> None:
        fraction = min(done / self.total, 1.0)
        if self.tty:
            filled = int(self.width * fraction)
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(
                f"\r{self.label} [{bar}] {fraction:4.0%} ({done}/{self.total}) {self._eta(done)}"
            )
            self.stream.flush()
            return
        decile = int(fraction * 10)
        if decile > self.last_decile:
            self.last_decile = decile
            self.stream.write(f"{self.label} {fraction:4.0%} ({done}/{self.total})\n")

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()

    def _eta(self, done: int) -> str:
        elapsed = time.monotonic() - self.started
        if done == 0 or elapsed < 1:
            return ""
        remaining = elapsed / done * (self.total - done)
        return f"~{int(remaining)}s"
