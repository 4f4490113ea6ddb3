"""Per-caller, per-tool rate limits on tool calls, with the ``limits`` library.

The caller is the authenticated user (a JWT's issuer and subject) or client (an API key),
without auth over HTTP the client's network address (forwarding headers count only from
``MCP_TRUSTED_PROXIES``), and over stdio the single client that spawned the process; see
``identity``. It is never a tool argument, which the caller could simply change.

A tool's budget is ``MCP_RATE_LIMIT_TOOLS[name]``, else the ``rate_limit`` entry of the tool's
``meta`` (set where the tool is declared: ``@tool(meta={"rate_limit": "20/minute"})``),
else ``MCP_RATE_LIMIT_DEFAULT``. Counters live in memory, or in Redis when ``MCP_REDIS_URL``
(or ``REDIS_URL``) is set, so that one budget holds across every replica of the server: the
server then refuses to start without the redis driver, and ``/health`` answers 503 while Redis
is unreachable. Listing tools, resources and prompts is never limited.
"""

from __future__ import annotations

import importlib.util
import math
import time
from typing import TYPE_CHECKING

import anyio
from fastmcp.exceptions import ToolError
from fastmcp.server.dependencies import get_access_token, get_http_request
from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
from fastmcp.tools import ToolResult
from mcp.types import CallToolRequestParams

from http_docker.identity import caller_identity
from http_docker.settings import Settings

HEALTH_TIMEOUT_SECONDS = 2.0

if TYPE_CHECKING:  # importing ``limits`` costs ~0.2 s: it happens on the first tool call
    from limits import RateLimitItem
    from limits.aio.strategies import MovingWindowRateLimiter


class RateLimitExceeded(ToolError):
    """The caller spent this tool's budget; the message says when to retry."""

    audit_outcome = "rate_limited"


def caller_key() -> str:
    """Who is calling: ``user:...``, ``client:<id>``, ``address:<ip>`` or ``local`` (stdio)."""
    token = get_access_token()
    try:
        request = get_http_request()
    except RuntimeError:
        return caller_identity(token, None)
    return caller_identity(token, request.client.host if request.client else "unknown")


def configuration_problem(settings: Settings) -> str | None:
    """Why the rate-limit storage cannot work with these settings, or None."""
    if settings.redis_url is None:
        return None
    if importlib.util.find_spec("redis") is None:
        return (
            "MCP_REDIS_URL is set but the redis driver is not installed; "
            "install it with: uv sync --extra redis (or unset MCP_REDIS_URL)."
        )
    from limits.errors import ConfigurationError
    from limits.storage import storage_from_string

    try:
        storage_from_string(
            storage_uri(settings.redis_url.get_secret_value()), implementation="redispy"
        )
    except ConfigurationError:
        return "MCP_REDIS_URL is not a usable Redis URL (expected redis:// or rediss://...)."
    return None


def storage_uri(redis_url: str | None) -> str:
    """The ``limits`` storage URI: async Redis when a URL is given, else process memory."""
    if not redis_url:
        return "async+memory://"
    return redis_url if redis_url.startswith("async+") else f"async+{redis_url}"


class RateLimitMiddleware(Middleware):
    """Counts each caller's calls per tool in a moving window and refuses calls over budget."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.default = settings.rate_limit_default
        self.per_tool = dict(settings.rate_limit_tools)
        self.storage = storage_uri(
            settings.redis_url.get_secret_value() if settings.redis_url else None
        )
        self._limiter: MovingWindowRateLimiter | None = None
        self._items: dict[str, RateLimitItem] = {}
        self._budgets: dict[str, str] = {}

    async def on_call_tool(
        self,
        context: MiddlewareContext[CallToolRequestParams],
        call_next: CallNext[CallToolRequestParams, ToolResult],
    ) -> ToolResult:
        """Spend one call of the caller's budget for this tool, or refuse the call."""
        name = context.message.name
        budget = await self._budget(context, name)
        if budget is not None:
            await self.spend(name, caller_key(), budget)
        return await call_next(context)

    async def spend(self, tool: str, caller: str, budget: str) -> None:
        """Record one call by ``caller``; raise RateLimitExceeded when over ``budget``."""
        limiter = self._limiter or self._create_limiter()
        item = self._items.get(budget)
        if item is None:
            from limits import parse

            item = self._items[budget] = parse(budget)
        if await limiter.hit(item, tool, caller):
            return
        stats = await limiter.get_window_stats(item, tool, caller)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise RateLimitExceeded(f"Rate limit exceeded for {tool}; retry after {retry_after} s.")

    async def _budget(
        self, context: MiddlewareContext[CallToolRequestParams], name: str
    ) -> str | None:
        """The tool's budget, or None for unknown tools (counting those would let anyone
        fill the counter storage with made-up names; FastMCP rejects the call anyway)."""
        if name in self._budgets:
            return self._budgets[name]
        server = context.fastmcp_context.fastmcp if context.fastmcp_context else None
        tool = await server.get_tool(name) if server is not None else None
        if tool is None:
            return None
        declared = (tool.meta or {}).get("rate_limit")
        budget = self.per_tool.get(name) or (str(declared) if declared else self.default)
        self._budgets[name] = budget
        return budget

    async def storage_problem(self) -> str | None:
        """Why the counters cannot be reached right now (Redis down), or None."""
        if not self.storage.startswith("async+redis"):
            return None
        limiter = self._limiter or self._create_limiter()
        try:
            with anyio.fail_after(HEALTH_TIMEOUT_SECONDS):
                reachable = await limiter.storage.check()
        except Exception:
            reachable = False
        if not reachable:
            return "the rate-limit storage (MCP_REDIS_URL) is unreachable"
        return None

    def _create_limiter(self) -> MovingWindowRateLimiter:
        from limits.aio.strategies import MovingWindowRateLimiter
        from limits.storage import storage_from_string

        options: dict[str, str] = {}
        if self.storage.startswith(("async+redis", "async+rediss")):
            options["implementation"] = "redispy"
        storage = storage_from_string(self.storage, **options)
        self._limiter = MovingWindowRateLimiter(storage)
        return self._limiter
