"""Component modules: every ``@tool``, ``@resource``, ``@prompt`` and ``@completes``
function of a module in this package is served.

Add a tool by decorating a function with ``@tool`` (from ``fastmcp.tools``) in a module here;
the function's name is the tool's name and no other file needs to change. Modules whose
name starts with ``_`` are helpers and are not loaded.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    """Every tool module of this package, in name order."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__))
    return [importlib.import_module(f"{__name__}.{name}") for name in names if name[0] != "_"]
