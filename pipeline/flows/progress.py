"""A tiny progress channel from the flow to whoever shows progress (the CLI's rich bar, or nothing)."""

from __future__ import annotations

from typing import Callable

_listener: Callable[[str, int, int], None] | None = None


def listen(callback: Callable[[str, int, int], None] | None) -> None:
    """Set (or clear) the callback receiving (what, done, total)."""
    global _listener
    _listener = callback


def report(what: str, done: int, total: int) -> None:
    if _listener is not None:
        _listener(what, done, total)
