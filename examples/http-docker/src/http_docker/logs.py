"""Logging: every record, FastMCP's and uvicorn's too, through one redacting handler on stderr."""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

from http_docker.redaction import Redactor, redactor_for
from http_docker.settings import Settings


class RedactingFormatter(logging.Formatter):
    """One line per record, secrets masked: a JSON object, or text with ``key=value`` fields."""

    def __init__(self, redactor: Redactor, json_lines: bool) -> None:
        super().__init__()
        self.redactor, self.json_lines = redactor, json_lines

    def format(self, record: logging.LogRecord) -> str:
        """The record with its audit fields (``extra={"audit": ...}``, redacted) and traceback."""
        fields = getattr(record, "audit", None) or {}
        message = self.redactor.text(record.getMessage())
        trace = self.formatException(record.exc_info) if record.exc_info else ""
        trace = self.redactor.text(trace + (record.stack_info or ""))
        if not self.json_lines:
            pairs = [f"{key}={json.dumps(value, default=str)}" for key, value in fields.items()]
            head = f"{self.formatTime(record)} {record.levelname} {record.name}: {message}"
            return "\n".join([" ".join([head, *pairs]), *([trace] if trace else [])])
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
            **fields,
        }
        if trace:
            entry["exception"] = trace
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Replace the console handlers (root's, FastMCP's, uvicorn's) with one; return it."""
    handler = logging.StreamHandler(stream or sys.stderr)
    redactor = redactor_for(settings)
    handler.setFormatter(RedactingFormatter(redactor, json_lines=settings.log_format == "json"))
    root = logging.getLogger()
    consoles = (sys.stderr, sys.stdout, sys.__stderr__)
    root.handlers = [old for old in root.handlers if getattr(old, "stream", None) not in consoles]
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in ("fastmcp", "uvicorn", "uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate = [], True
        logger.setLevel(settings.log_level)
    return handler
