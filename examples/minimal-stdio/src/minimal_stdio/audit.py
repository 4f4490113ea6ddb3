"""Audit log: one structured line per tool call (tool, caller, outcome, duration, arguments).

Arguments are redacted before they are logged. Where the lines go and how they are formatted
is ``logs``; what errors may say is ``errors``; how long a call may run is ``timeouts``.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from fastmcp.exceptions import FastMCPError
from fastmcp.server.dependencies import get_access_token
from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
from fastmcp.tools import ToolResult
from mcp.types import CallToolRequestParams

from minimal_stdio.redaction import Redactor, redactor_for
from minimal_stdio.settings import Settings

__all__ = ["AuditMiddleware", "caller_client_id", "redactor_for"]

audit_logger = logging.getLogger("minimal_stdio.audit")


def caller_client_id() -> str | None:
    """The authenticated client's id (from its access token), or None without auth."""
    token = get_access_token()
    return token.client_id if token is not None and token.client_id else None


class AuditMiddleware(Middleware):
    """Logs every tool call once, whatever its outcome."""

    def __init__(self, settings: Settings, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redactor = redactor or redactor_for(settings)

    async def on_call_tool(
        self,
        context: MiddlewareContext[CallToolRequestParams],
        call_next: CallNext[CallToolRequestParams, ToolResult],
    ) -> ToolResult:
        """Run the call; log it whatever happens."""
        name = context.message.name
        started = time.perf_counter()
        outcome, error = "cancelled", ""
        try:
            result = await call_next(context)
            outcome = "ok"
            return result
        except FastMCPError as exc:  # ToolError, argument ValidationError, ...
            outcome = str(getattr(exc, "audit_outcome", "error"))
            error = self.redactor.text(str(exc))
            raise
        except Exception as exc:
            outcome, error = "error", type(exc).__name__
            raise
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            self._log(context, name, outcome, error, elapsed_ms)

    def _log(
        self,
        context: MiddlewareContext[CallToolRequestParams],
        name: str,
        outcome: str,
        error: str,
        elapsed_ms: float,
    ) -> None:
        level = logging.INFO if outcome == "ok" else logging.WARNING
        if not audit_logger.isEnabledFor(level):
            return
        event: dict[str, Any] = {
            "event": "tool_call",
            "tool": name,
            "client": caller_client_id(),
            "outcome": outcome,
            "duration_ms": round(elapsed_ms, 2),
            "arguments": self.redactor.arguments(context.message.arguments),
        }
        if error:
            event["error"] = error
        audit_logger.log(level, "tool call", extra={"audit": event})
