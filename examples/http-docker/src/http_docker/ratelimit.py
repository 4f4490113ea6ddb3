"""Per-caller, per-tool rate limits on tool calls.

The caller is the authenticated user (a JWT's issuer and subject) or client (an API key),
without auth over HTTP the client's network address (forwarding headers count only from
``MCP_TRUSTED_PROXIES``), and over stdio the single client that spawned the process; see
``identity``. It is never a tool argument, which the caller could simply change.

A tool's budget is ``MCP_RATE_LIMIT_TOOLS[name]``, else the ``rate_limit`` entry of the tool's
``meta`` (set where the tool is declared: ``@tool(meta={"rate_limit": "20/minute"})``),
else ``MCP_RATE_LIMIT_DEFAULT``. Each budget is a moving window: at most N calls in any span
of its length. Counters live in this process's memory, or in Redis (through the ``limits``
library) when ``MCP_REDIS_URL`` (or ``REDIS_URL``) is set, so that one budget holds across
every replica of the server: the server then refuses to start without the redis driver, and
``/health`` answers 503 while Redis is unreachable. Listing tools, resources and prompts is
never limited.
"""

from __future__ import annotations

import importlib.util
import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
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
MEMORY = "async+memory://"
# The lengths ``limits`` gives these units, so a budget means the same in memory and in Redis.
UNIT_SECONDS = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "month": 30 * 86400,
    "year": 360 * 86400,
}
BUDGET = re.compile(
    r"(\d+)\s*(?:/|per)\s*(?:(\d+)\s*)?(second|minute|hour|day|month|year)s?", re.IGNORECASE
)
# How often idle callers' windows are dropped from memory.
SWEEP_SECONDS = 60.0

if TYPE_CHECKING:  # importing ``limits`` costs ~0.2 s: only a Redis-backed server needs it
    from limits import RateLimitItem
    from limits.aio.strategies import MovingWindowRateLimiter


@dataclass(frozen=True)
class Budget:
    """``calls`` per ``seconds``, from text such as '60/minute' or '1000 per 2 hours'."""

    text: str
    calls: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Budget:
        match = BUDGET.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a budget like '60/minute' or '1000 per hour'")
        calls, multiple, unit = match.groups()
        return cls(text.strip(), int(calls), int(multiple or 1) * UNIT_SECONDS[unit.lower()])


class MemoryWindows:
    """The times of each (tool, caller)'s calls inside its window, in this process.

    A check is a few list operations with no lock and no await, so concurrent calls in the
    event loop can never both take the last call of a budget.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[tuple[str, str], tuple[deque[float], float]] = {}
        self._sweep_at = clock() + SWEEP_SECONDS

    def __len__(self) -> int:
        """How many (tool, caller) windows are held."""
        return len(self._windows)

    def hit(self, tool: str, caller: str, budget: Budget) -> float:
        """Count one call: 0 when it fits ``budget``, else the seconds until one would."""
        now = self._clock()
        if now >= self._sweep_at:
            self._sweep(now)
        window = self._windows.get((tool, caller))
        if window is None:
            window = self._windows[(tool, caller)] = (deque(), budget.seconds)
        calls = window[0]
        start = now - budget.seconds
        while calls and calls[0] <= start:
            calls.popleft()
        if len(calls) < budget.calls:
            calls.append(now)
            return 0.0
        return (calls[0] if calls else now) + budget.seconds - now

    def _sweep(self, now: float) -> None:
        """Forget callers with no call left inside their window."""
        self._sweep_at = now + SWEEP_SECONDS
        idle = [
            key
            for key, (calls, seconds) in self._windows.items()
            if not calls or calls[-1] <= now - seconds
        ]
        for key in idle:
            del self._windows[key]


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
        return MEMORY
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
        self._memory = MemoryWindows() if self.storage == MEMORY else None
        self._limiter: MovingWindowRateLimiter | None = None
        self._items: dict[str, RateLimitItem] = {}
        self._parsed: dict[str, Budget] = {}
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
        parsed = self._parsed.get(budget)
        if parsed is None:
            parsed = self._parsed[budget] = Budget.parse(budget)
        if self._memory is not None:
            wait = self._memory.hit(tool, caller, parsed)
        else:
            wait = await self._redis_hit(tool, caller, parsed)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise RateLimitExceeded(f"Rate limit exceeded for {tool}; retry after {retry_after} s.")

    async def _redis_hit(self, tool: str, caller: str, budget: Budget) -> float:
        """Count one call in Redis: 0 when it fits ``budget``, else the seconds until one would."""
        limiter = self._limiter or self._create_limiter()
        item = self._items.get(budget.text)
        if item is None:
            from limits import parse

            item = self._items[budget.text] = parse(budget.text)
        if await limiter.hit(item, tool, caller):
            return 0.0
        stats = await limiter.get_window_stats(item, tool, caller)
        return max(1.0, stats.reset_time - time.time())

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

        storage = storage_from_string(self.storage, implementation="redispy")
        self._limiter = MovingWindowRateLimiter(storage)
        return self._limiter
