"""Progress of a long calculation, reported between its steps (for example after each advert of a
batch): the CLI draws a bar on a terminal, the browser worker posts a message to the page.

A calculator calls `report(done, total, what)`, `what` being what it counts in the plural ("adverts"),
so the page can say "Checked 120 of 500 adverts"; whoever runs it may `listen` first. Without a
listener, reporting does nothing, so calculators stay pure functions of their inputs."""
from __future__ import annotations

from typing import Callable

Listener = Callable[[int, int, str], None]
_listener: Listener | None = None


def listen(callback: Listener | None) -> Listener | None:
    """Call `callback(done, total, what)` on each report from now on (None stops). Returns the
    listener it replaces, so a caller can put it back."""
    global _listener
    previous, _listener = _listener, callback
    return previous


def report(done: int, total: int, what: str = "") -> None:
    if _listener is not None:
        _listener(done, total, what)
