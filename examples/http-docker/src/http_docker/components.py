"""Collects the ``@tool``, ``@resource``, ``@prompt`` and ``@completes`` functions of modules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any
from weakref import WeakKeyDictionary

from fastmcp import FastMCP
from fastmcp.decorators import get_fastmcp_meta
from fastmcp.prompts import Prompt
from fastmcp.prompts.function_prompt import PromptMeta
from fastmcp.resources import Resource, ResourceTemplate
from fastmcp.resources.function_resource import ResourceMeta
from fastmcp.server.completions import CompletionReference
from fastmcp.tools import Tool
from fastmcp.tools.function_tool import ToolMeta
from fastmcp.utilities.components import FastMCPComponent
from mcp.types import CompletionArgument, CompletionContext, PromptReference

Completer = Callable[[str], Iterable[str]]
# FastMCP takes one completion handler per server: it looks up the module-level completers.
_COMPLETERS: WeakKeyDictionary[FastMCP, dict[tuple[str, str], Completer]] = WeakKeyDictionary()


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


def completes(target: str, argument: str) -> Callable[[Completer], Completer]:
    """Mark ``fn(typed) -> values`` as the completion of ``argument`` of ``target``.

    ``target`` is a resource template's URI template or a prompt's name; clients ask for
    completions while the user types a value, and get the first 100 values returned.
    """

    def mark(fn: Completer) -> Completer:
        vars(fn)["__completes__"] = (target, argument)
        return fn

    return mark


def _complete(
    mcp: FastMCP,
    ref: CompletionReference,
    argument: CompletionArgument,
    context: CompletionContext | None,
) -> list[str]:
    target = ref.name if isinstance(ref, PromptReference) else ref.uri
    completer = _COMPLETERS.get(mcp, {}).get((target, argument.name))
    return list(completer(argument.value)) if completer else []


def _add_completer(mcp: FastMCP, completer: Completer) -> None:
    if mcp not in _COMPLETERS:
        _COMPLETERS[mcp] = {}
        mcp.add_completion_handler(lambda *request: _complete(mcp, *request))
    _COMPLETERS[mcp][vars(completer)["__completes__"]] = completer


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
    for value in vars(module).values():
        own = getattr(value, "__module__", None) == module.__name__
        if own and "__completes__" in getattr(value, "__dict__", {}):
            _add_completer(mcp, value)
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
