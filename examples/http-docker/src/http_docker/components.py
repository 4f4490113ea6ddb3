"""Collects the ``@tool``, ``@resource`` and ``@prompt`` functions of modules into a server."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from fastmcp import FastMCP
from fastmcp.decorators import get_fastmcp_meta
from fastmcp.prompts import Prompt
from fastmcp.prompts.function_prompt import PromptMeta
from fastmcp.resources import Resource, ResourceTemplate
from fastmcp.resources.function_resource import ResourceMeta
from fastmcp.tools import Tool
from fastmcp.tools.function_tool import ToolMeta
from fastmcp.utilities.components import FastMCPComponent


class ModuleError(RuntimeError):
    """A module meant to serve components serves none."""


def decorated(module: ModuleType) -> list[Callable[..., Any]]:
    """The module's own decorated functions, in definition order (imported ones excluded)."""
    return [
        value
        for value in vars(module).values()
        if callable(value)
        and get_fastmcp_meta(value) is not None
        and getattr(value, "__module__", None) == module.__name__
    ]


Component = Tool | Resource | ResourceTemplate | Prompt


def add_all(mcp: FastMCP, module: ModuleType) -> list[Component]:
    """Serve every decorated function of ``module``; a module serving nothing is an error."""
    functions = decorated(module)
    if not functions:
        where = getattr(module, "__file__", None) or module.__name__
        hint = (
            "its register(mcp) is the older layout: decorate the functions instead"
            if hasattr(module, "register")
            else "decorate a function with @tool, or start the module's name with '_'"
        )
        raise ModuleError(f"{where} serves no tool, resource or prompt; {hint}.")
    served: list[Component] = []
    for function in functions:
        meta = get_fastmcp_meta(function)
        if isinstance(meta, ToolMeta):
            served.append(mcp.add_tool(function))
        elif isinstance(meta, ResourceMeta):
            served.append(mcp.add_resource(function))
        elif isinstance(meta, PromptMeta):
            served.append(mcp.add_prompt(function))
    return served


def bullets(served: Sequence[FastMCPComponent]) -> list[str]:
    """One Markdown line per component: its name (a resource: its URI) and first line of help."""
    lines = []
    for component in served:
        label = getattr(component, "uri_template", None) or getattr(component, "uri", None)
        summary = (component.description or "").strip().split("\n", 1)[0]
        lines.append(f"- `{label or component.name}`: {summary}".removesuffix(": "))
    return lines
