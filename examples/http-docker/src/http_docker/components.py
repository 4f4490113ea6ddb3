"""Serves the ``@tool``, ``@resource``, ``@prompt`` and ``@completes`` functions of modules."""

from collections.abc import Callable, Iterable
from types import ModuleType

from fastmcp import FastMCP
from fastmcp.decorators import get_fastmcp_meta
from fastmcp.server.completions import CompletionReference
from fastmcp.utilities.components import FastMCPComponent
from mcp.types import CompletionArgument, CompletionContext, PromptReference

Completer = Callable[[str], Iterable[str]]


class ModuleError(RuntimeError):
    """A module meant to serve components serves none."""


def completes(target: str, argument: str) -> Callable[[Completer], Completer]:
    """Mark ``fn(typed) -> values`` as the completion of ``argument`` of ``target``.

    ``target`` is a resource template's URI template or a prompt's name.
    """

    def mark(fn: Completer) -> Completer:
        vars(fn)["__completes__"] = (target, argument)
        return fn

    return mark


def add_all(mcp: FastMCP, *modules: ModuleType) -> list[FastMCPComponent]:
    """Serve the decorated functions of ``modules``; a module serving nothing is an error."""
    served: list[FastMCPComponent] = []
    completers: dict[tuple[str, str], Completer] = {}
    for module in modules:
        own = [f for f in vars(module).values() if getattr(f, "__module__", 0) == module.__name__]
        decorated = [function for function in own if get_fastmcp_meta(function) is not None]
        if not decorated:
            where = getattr(module, "__file__", None) or module.__name__
            hint = "decorate a function with @tool, or start the module's name with '_'"
            raise ModuleError(f"{where} serves no tool, resource or prompt; {hint}.")
        served += [getattr(mcp, f"add_{f.__fastmcp__.type}")(f) for f in decorated]
        completers |= {f.__completes__: f for f in own if "__completes__" in vars(f)}
    if completers:

        @mcp.completion
        def complete(
            ref: CompletionReference, argument: CompletionArgument, _: CompletionContext | None
        ) -> list[str]:
            target = ref.name if isinstance(ref, PromptReference) else ref.uri
            completer = completers.get((target, argument.name))
            return list(completer(argument.value)) if completer else []

    return served


def bullets(served: Iterable[FastMCPComponent]) -> list[str]:
    """One Markdown line per component: its name (a resource: its URI) and first line of help."""
    lines = []
    for component in served:
        label = getattr(component, "uri_template", None) or getattr(component, "uri", None)
        summary = (component.description or "").strip().split("\n", 1)[0]
        lines.append(f"- `{label or component.name}`: {summary}".removesuffix(": "))
    return lines
