"""Progress of an experiment: runs done, failures and the time left.

In a terminal (or a notebook) a bar; in a log file or a pipe a plain line every few seconds, so
that a sweep left running under ``nohup`` or a batch system still says how far it is.
"""

from __future__ import annotations

import sys
import time
from typing import Literal

from tqdm.auto import tqdm

#: "auto" is a bar in a terminal and lines elsewhere (what the command line asks for)
ProgressMode = Literal["bar", "lines", "auto"] | None
#: seconds between progress lines when there is no terminal
LINE_INTERVAL = 10.0


class Progress:
    """Counts finished runs out of ``total`` (``done`` of them finished in earlier sessions)."""

    def __init__(self, name: str, total: int, done: int, mode: ProgressMode) -> None:
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "lines"
        self.name, self.total, self.done, self.mode = name, total, done, mode
        self.failed = 0
        self.started = time.monotonic()
        self.new = 0
        self.shown = self.started
        self.bar = (
            tqdm(total=total, initial=done, unit="run", desc=name, file=sys.stderr)
            if mode == "bar"
            else None
        )
        if self.bar is not None:
            self.bar.set_postfix(failed=0)

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.new += 1
        self.failed += failed
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update()
        elif self.mode == "lines" and (
            time.monotonic() - self.shown >= LINE_INTERVAL or self.done == self.total
        ):
            self.shown = time.monotonic()
            print(self.line(), file=sys.stderr, flush=True)

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        left = elapsed / self.new * (self.total - self.done) if self.new else float("nan")
        return (
            f"{self.name}: {self.done}/{self.total} runs done, {self.failed} failed, "
            f"{_clock(elapsed)} elapsed, {_clock(left)} left"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _clock(seconds: float) -> str:
    if seconds != seconds:  # NaN: nothing measured yet
        return "?"
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"
