"""Tool modules: each ``@tool``, ``@resource`` or ``@prompt`` function of a module here is served.

A module whose name starts with ``_`` is a helper and is not loaded.
"""

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    """Every tool module of this package, in name order."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__))
    return [importlib.import_module(f"{__name__}.{name}") for name in names if name[0] != "_"]
