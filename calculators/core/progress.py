"""Progress of a long calculation, reported between its steps (for example after each advert of a
batch): the CLI draws a bar on a terminal, the browser worker posts a message to the page.

A calculator calls `report(done, total, label)`; whoever runs it may `listen` first. Without a
listener, reporting does nothing, so calculators stay pure functions of their inputs."""
from __future__ import annotations

from typing import Callable

Listener = Callable[[int, int, str], None]
_listener: Listener | None = None


def listen(callback: Listener | None) -> Listener | None:
    """Call `callback(done, total, label)` on each report from now on (None stops). Returns the
    listener it replaces, so a caller can put it back."""
    global _listener
    previous, _listener = _listener, callback
    return previous


def report(done: int, total: int, label: str = "") -> None:
    if _listener is not None:
        _listener(done, total, label)
