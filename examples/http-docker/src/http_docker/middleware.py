"""Tool-call middleware: one audit line per call, errors that leak nothing, a time limit."""

import logging
import time
from dataclasses import dataclass
from typing import Any

import anyio
from fastmcp.exceptions import FastMCPError, ToolError
from fastmcp.server.dependencies import get_access_token
from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
from fastmcp.tools import ToolResult
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolRequestParams

from http_docker.redaction import Redactor, redactor_for
from http_docker.settings import Settings

Call = MiddlewareContext[CallToolRequestParams]
Next = CallNext[CallToolRequestParams, ToolResult]
audit_logger = logging.getLogger("http_docker.audit")


def tool_call_middleware(settings: Settings) -> list[Middleware]:
    """Outermost first: the audit line records every outcome with the text the client gets."""
    redactor = redactor_for(settings)
    return [
        AuditMiddleware(redactor),
        ErrorHygieneMiddleware(redactor),
        TimeoutMiddleware(settings.tool_timeout_seconds),
    ]


@dataclass
class AuditMiddleware(Middleware):
    """Logs each call once: tool, caller, outcome, duration, redacted arguments and error."""

    redactor: Redactor

    async def on_call_tool(self, context: Call, call_next: Next) -> ToolResult:
        """Run the call; log it whatever happens."""
        started, name = time.perf_counter(), context.message.name
        event: dict[str, Any] = {"event": "tool_call", "tool": name, "outcome": "cancelled"}
        try:
            result = await call_next(context)
            event["outcome"] = "ok"
            return result
        except FastMCPError as exc:  # ToolError, argument ValidationError, ...
            event["outcome"] = getattr(exc, "audit_outcome", "error")
            event["error"] = self.redactor.text(str(exc))
            raise
        except Exception as exc:
            event["outcome"], event["error"] = "error", type(exc).__name__
            raise
        finally:
            level = logging.INFO if event["outcome"] == "ok" else logging.WARNING
            if audit_logger.isEnabledFor(level):
                token = get_access_token()
                event["client"] = (token.client_id or None) if token else None
                event["duration_ms"] = round((time.perf_counter() - started) * 1000, 2)
                event["arguments"] = self.redactor.arguments(context.message.arguments)
                audit_logger.log(level, "tool call", extra={"audit": event})


@dataclass
class ErrorHygieneMiddleware(Middleware):
    """Masks secrets in tool errors and drops their exception chain, whose text could leak."""

    redactor: Redactor

    async def on_call_tool(self, context: Call, call_next: Next) -> ToolResult:
        """Pass results through; rewrite errors that would leak."""
        try:
            return await call_next(context)
        except FastMCPError as exc:
            text = self.redactor.text(str(exc))
            raise (exc if text == str(exc) else type(exc)(text)) from None


class ToolTimeout(ToolError):
    """The call ran past its time limit and was cancelled."""

    audit_outcome = "timeout"


@dataclass
class TimeoutMiddleware(Middleware):
    """Cancels calls past ``seconds`` (or a tool's ``@tool(timeout=...)``) with a readable error."""

    seconds: float

    async def on_call_tool(self, context: Call, call_next: Next) -> ToolResult:
        """Run the call under the time limit."""
        name = context.message.name
        try:
            with anyio.fail_after(self.seconds):
                return await call_next(context)
        except TimeoutError:
            limit = f"after {self.seconds:g} s"
        except ToolError as exc:
            cause = exc.__cause__  # FastMCP's own per-tool timeout, masked
            if not (isinstance(cause, MCPError) and "timed out" in cause.message):
                raise
            limit = "at its own limit"
        raise ToolTimeout(f"Tool {name!r} timed out {limit}; try a smaller request.")
