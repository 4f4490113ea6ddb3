"""Server lifespan: the ``@lifespan`` functions of the tool modules, composed.

A tool module holding something to close declares one beside its tools::

    @lifespan  # from fastmcp.server.lifespan
    async def close_pool(server: FastMCP) -> AsyncIterator[None]:
        yield
        await pool.close()

They start in module order and stop in reverse when the server (or a test client) stops, each
as if the server had stopped cleanly; a cleanup that fails is logged and the others still run.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from functools import reduce
from types import ModuleType
from typing import Any

from fastmcp import FastMCP
from fastmcp.server.lifespan import Lifespan
from fastmcp.server.lifespan import lifespan as composable

from minimal_stdio import tools

logger = logging.getLogger(__name__)
Cleanup = Callable[[], Awaitable[None]]
_cleanups: list[Cleanup] = []


def on_shutdown(cleanup: Cleanup) -> None:
    """Run ``cleanup`` when the server stops (the form before ``@lifespan``, still supported)."""
    if cleanup not in _cleanups:
        _cleanups.append(cleanup)


@composable
async def registered(server: FastMCP) -> AsyncIterator[None]:
    """The cleanups given to ``on_shutdown``, newest first, each failure logged."""
    yield
    for cleanup in reversed(_cleanups):
        try:
            await cleanup()
        except Exception:
            logger.exception("cleanup %s failed", getattr(cleanup, "__qualname__", cleanup))


def declared() -> dict[Lifespan, ModuleType]:
    """Every ``Lifespan`` the tool modules hold, with the first module holding it."""
    found: dict[Lifespan, ModuleType] = {}
    for module in tools.modules():
        for value in vars(module).values():
            if isinstance(value, Lifespan):
                found.setdefault(value, module)
    return found


def isolated(inner: Lifespan, module: ModuleType) -> Lifespan:
    """``inner``, always left cleanly, its failure to clean up logged instead of raised."""

    @composable
    async def run(server: FastMCP) -> AsyncIterator[dict[str, Any]]:
        stack = AsyncExitStack()
        context = await stack.enter_async_context(inner(server))
        try:
            yield context
        finally:
            try:
                await stack.aclose()
            except Exception:
                logger.exception("cleaning up %s failed", module.__name__)

    return run


@asynccontextmanager
async def lifespan(server: FastMCP) -> AsyncIterator[dict[str, Any]]:
    """The tool modules' lifespans, composed with ``|``: what ``FastMCP(lifespan=...)`` runs."""
    parts = [isolated(inner, module) for inner, module in declared().items()]
    async with reduce(operator.or_, parts, registered)(server) as context:
        yield context
