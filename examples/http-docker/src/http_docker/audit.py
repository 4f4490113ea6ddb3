"""Audit log and error hygiene: one structured line per tool call, on stderr, secrets redacted.

``AuditMiddleware`` wraps every tool call. It cancels calls that run past the configured
timeout, strips internal detail (chained exceptions, secrets) from the errors that reach the
client and logs one line:
tool, caller, outcome, duration and the (redacted) arguments. ``configure_logging`` sends every
log record, FastMCP's and uvicorn's included, through one redacting handler on stderr, so the
stdio transport's stdout stays clean.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from typing import Any, TextIO

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
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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


class RedactingFilter(logging.Filter):
    """Scrubs secrets from a record's message and traceback before any formatter sees them."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        record.msg = self.redactor.text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor.text(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redactor.text(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the audit fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise ``record``; exceptions go in an ``exception`` field."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "audit", None) or {})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Human-readable lines; audit fields appended as ``key=value``."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The usual line plus the audit fields, when the record has them."""
        line = super().formatMessage(record)
        event: dict[str, Any] = getattr(record, "audit", None) or {}
        fields = " ".join(f"{key}={json.dumps(value, default=str)}" for key, value in event.items())
        return f"{line} {fields}" if fields else line


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Route all logging through one redacting handler on stderr; return that handler.

    Replaces the root logger's console handlers and FastMCP's own handlers, so every line
    (FastMCP tracebacks, uvicorn access logs, the audit log) is formatted and redacted alike.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    json_lines = settings.log_format == "json"
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter(TEXT_FORMAT))
    handler.addFilter(RedactingFilter(redactor_for(settings)))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "stream", None) in (sys.stderr, sys.stdout, sys.__stderr__):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in ("fastmcp", "uvicorn", "uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.propagate = True
        logger.setLevel(settings.log_level)
    return handler
