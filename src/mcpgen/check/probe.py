"""Run inside the checked project's own environment: load a FastMCP server, dump its catalog.

This file is executed as a script by the project's interpreter (``python probe.py SPEC OUT``),
so it imports nothing from mcpgen, only the standard library and fastmcp. It connects an
in-memory client, exactly as an AI client would see the server, and writes what the client
reads (names, descriptions, schemas) as JSON to OUT.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn


class ProbeError(Exception):
    """Why the server could not be loaded, as a kind mcpgen maps to its own message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _import(target: str) -> Any:
    if target.endswith(".py"):
        path = Path(target).resolve()
        if not path.is_file():
            raise ProbeError("file-not-found", str(path))
        sys.path.insert(0, str(path.parent))
        module_spec = importlib.util.spec_from_file_location(path.stem, path)
        if module_spec is None or module_spec.loader is None:
            raise ProbeError("file-not-found", str(path))
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[path.stem] = module
        module_spec.loader.exec_module(module)
        return module
    # A project that is not installed (or a src layout) still imports from here.
    sys.path[:0] = [str(Path.cwd()), str(Path.cwd() / "src")]
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (target == exc.name or target.startswith(exc.name + ".")):
            raise ProbeError("module-not-found", target) from None
        raise


def load(spec: str) -> Any:
    """The server named by ``module:attr`` or ``path/to/file.py:attr``; calls factories."""
    target, _, attr = spec.partition(":")
    try:
        from fastmcp import FastMCP
    except ImportError:
        raise ProbeError("no-fastmcp", sys.executable) from None
    module = _import(target)
    names = [attr] if attr else ["mcp", "server", "app", "create_server"]
    for name in names:
        candidate = getattr(module, name, None)
        if isinstance(candidate, FastMCP):
            return candidate
        if callable(candidate):
            made = candidate()
            if isinstance(made, FastMCP):
                return made
    if attr and not hasattr(module, attr):
        raise ProbeError("attribute-not-found", attr)
    if attr:
        raise ProbeError("not-a-server", f"{attr} is a {type(getattr(module, attr)).__name__}")
    raise ProbeError("no-default-server", ", ".join(names))


async def catalog(server: Any) -> dict[str, Any]:
    """What a connected client reads from ``server``."""
    from fastmcp import Client

    async with Client(server) as client:
        tools = await client.list_tools()
        resources = await client.list_resources()
        templates = await client.list_resource_templates()
        prompts = await client.list_prompts()
    return {
        "server": {"name": server.name, "instructions": server.instructions},
        "tools": [
            {
                "name": tool.name,
                "title": tool.title,
                "description": tool.description,
                "input_schema": tool.input_schema,
            }
            for tool in tools
        ],
        "resources": [
            {"uri": str(item.uri), "name": item.name, "description": item.description}
            for item in resources
        ],
        "templates": [
            {"uri": str(item.uri_template), "name": item.name, "description": item.description}
            for item in templates
        ],
        "prompts": [
            {
                "name": prompt.name,
                "description": prompt.description,
                "arguments": [
                    {"name": arg.name, "description": arg.description}
                    for arg in prompt.arguments or []
                ],
            }
            for prompt in prompts
        ],
    }


def main(argv: list[str]) -> None:
    """``probe.py SPEC OUT``: write the catalog of the server named by SPEC to OUT."""
    spec, out = argv
    os.environ.setdefault("FASTMCP_CHECK_FOR_UPDATES", "off")
    os.environ.setdefault("FASTMCP_SHOW_SERVER_BANNER", "false")
    try:
        server = load(spec)
        data = asyncio.run(catalog(server))
    except ProbeError as exc:
        _fail(out, exc.kind, exc.message)
    except Exception as exc:  # the server's own error, reported without the probe's frames
        _fail(out, "server-raised", f"{type(exc).__name__}: {exc}{_where(exc)}")
    Path(out).write_text(json.dumps(data, default=str), encoding="utf-8")


def _where(exc: BaseException) -> str:
    """`` (at server.py:3)``: the last frame of the server's code, not the probe's or Python's."""
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename != __file__ and not frame.filename.startswith("<frozen")
    ]
    if not frames:
        return ""
    try:
        shown = str(Path(frames[-1].filename).relative_to(Path.cwd()))
    except ValueError:
        shown = frames[-1].filename
    return f" (at {shown}:{frames[-1].lineno})"


def _fail(out: str, kind: str, detail: str) -> NoReturn:
    Path(out).write_text(json.dumps({"error": {"kind": kind, "detail": detail}}), encoding="utf-8")
    raise SystemExit(3)


if __name__ == "__main__":
    main(sys.argv[1:])
