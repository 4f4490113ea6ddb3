"""Logging: every record, FastMCP's and uvicorn's included, through one redacting handler.

The handler writes to stderr (on stdio, stdout carries the protocol), as JSON lines or text
(``MCP_LOG_FORMAT``), after masking every secret the settings and the environment hold.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from http_docker.redaction import Redactor, redactor_for
from http_docker.settings import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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
