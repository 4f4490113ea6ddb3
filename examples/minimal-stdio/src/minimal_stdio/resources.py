"""Resources: read-only context that clients can load by URI."""

from __future__ import annotations

import os
import platform
import time
from importlib import resources
from typing import Any

from fastmcp import FastMCP

from minimal_stdio import __version__

_STARTED = time.monotonic()
_README = resources.files("minimal_stdio").joinpath("data", "readme.md")


def readme() -> str:
    """An overview of this server: what it does and which tools to use for what."""
    return _README.read_text("utf-8")


def system_status() -> dict[str, Any]:
    """Current server health: status, version, uptime in seconds and the load average."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "status": "ok",
        "version": __version__,
        "uptime_seconds": round(time.monotonic() - _STARTED, 1),
        "python": platform.python_version(),
        "load_average": list(load) if load else None,
    }


def register(mcp: FastMCP) -> None:
    """Register this module's resources."""
    mcp.resource("docs://readme", name="readme", mime_type="text/markdown")(readme)
    mcp.resource("data://system-status", name="system_status", mime_type="application/json")(
        system_status
    )
