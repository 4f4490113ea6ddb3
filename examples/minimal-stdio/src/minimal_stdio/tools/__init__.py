"""Tool modules. Every module in this package with a ``register(mcp)`` function is loaded.

Add a tool by adding a module here (``mcpgen add-tool`` does exactly that); no other file
needs to change. Modules whose name starts with ``_`` are skipped.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastmcp import FastMCP


def register_all(mcp: FastMCP) -> list[str]:
    """Import every tool module in name order, call its ``register``, return the names."""
    loaded: list[str] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(mcp)
            loaded.append(info.name)
    return loaded
