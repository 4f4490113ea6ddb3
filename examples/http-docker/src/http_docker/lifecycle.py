"""Server lifespan: resources that tool modules open lazily are closed on shutdown."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastmcp import FastMCP

logger = logging.getLogger(__name__)

Cleanup = Callable[[], Awaitable[None]]
_cleanups: list[Cleanup] = []


def on_shutdown(cleanup: Cleanup) -> None:
    """Register a coroutine function to run when the server (or a test client) stops."""
    if cleanup not in _cleanups:
        _cleanups.append(cleanup)


@asynccontextmanager
async def lifespan(_: FastMCP) -> AsyncIterator[dict[str, object]]:
    """Run registered cleanups in reverse order, even when one of them fails."""
    try:
        yield {}
    finally:
        for cleanup in reversed(_cleanups):
            try:
                await cleanup()
            except Exception:
                logger.exception("cleanup %s failed", getattr(cleanup, "__qualname__", cleanup))
