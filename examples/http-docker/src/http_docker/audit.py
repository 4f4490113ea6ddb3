"""Audit log and error hygiene: one structured line per tool call, on stderr, secrets redacted.

``AuditMiddleware`` wraps every tool call. It cancels calls that run past the configured
timeout, strips internal detail (chained exceptions, secrets) from the errors that reach the
client and logs one line:
tool, caller, outcome, duration and the (redacted) arguments. Where those lines go, and how
they are formatted and redacted, is ``logs``.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import anyio
from fastmcp.exceptions import FastMCPError, ToolError
from fastmcp.server.dependencies import get_access_token
from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
from fastmcp.tools import ToolResult
from mcp.types import CallToolRequestParams
from pydantic import SecretStr

from http_docker.redaction import (
    Redactor,
    secrets_from_environment,
)
from http_docker.settings import Settings

audit_logger = logging.getLogger("http_docker.audit")


def redactor_for(settings: Settings) -> Redactor:
    """A redactor that knows every secret in the settings and the environment."""
    secrets = secrets_from_environment()
    for value in vars(settings).values():
        if isinstance(value, SecretStr):
            secret = value.get_secret_value()
            secrets += [secret, *(part.strip() for part in secret.split(","))]
    return Redactor(secrets)


def caller_client_id() -> str | None:
    """The authenticated client's id (from its access token), or None without auth."""
    token = get_access_token()
    return token.client_id if token is not None and token.client_id else None


class AuditMiddleware(Middleware):
    """Times out, sanitises, traces and logs every tool call."""

    def __init__(self, settings: Settings, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.timeout = settings.tool_timeout_seconds
        self.redactor = redactor or redactor_for(settings)

    async def on_call_tool(
        self,
        context: MiddlewareContext[CallToolRequestParams],
        call_next: CallNext[CallToolRequestParams, ToolResult],
    ) -> ToolResult:
        """Run the call under the timeout; log it whatever happens."""
        name = context.message.name
        started = time.perf_counter()
        outcome, error = "cancelled", ""
        try:
            with anyio.fail_after(self.timeout):
                result = await call_next(context)
            outcome = "ok"
            return result
        except TimeoutError:
            outcome = "timeout"
            error = f"Tool {name!r} timed out after {self.timeout:g} s; try a smaller request."
            raise ToolError(error) from None
        except FastMCPError as exc:  # ToolError, argument ValidationError, ...
            outcome = str(getattr(exc, "audit_outcome", "error"))
            error = self.redactor.text(str(exc))
            if error != str(exc):
                raise type(exc)(error) from None
            # Drop the chained internal exception so its text reaches neither client nor trace.
            raise exc from None
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
