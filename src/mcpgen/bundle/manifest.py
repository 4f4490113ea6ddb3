"""The MCPB ``manifest.json`` of a generated project, from its metadata and its live catalog.

Manifest version 0.4 is the first with the ``uv`` server type: the host installs Python and
the locked dependencies itself from the bundled ``pyproject.toml``/``uv.lock``, so the bundle
carries source only and works on every platform (the ``python`` type would have to ship
compiled wheels such as pydantic-core for each one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from mcpgen.bundle.settings import Setting

MANIFEST_VERSION = "0.4"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def user_config_key(setting: Setting) -> str:
    """``MCP_LOG_LEVEL`` -> ``mcp_log_level``: the key the host stores the answer under."""
    return setting.name.lower()


def _title(name: str) -> str:
    words = name.removeprefix("MCP_").replace("_", " ").lower()
    return words[:1].upper() + words[1:]


def _default(setting: Setting) -> str | int | float | bool:
    if setting.kind == "boolean":
        return setting.default.lower() == "true"
    if setting.kind == "number":
        number = float(setting.default)
        return int(number) if number.is_integer() else number
    return setting.default


def user_config(settings: Sequence[Setting]) -> dict[str, dict[str, Any]]:
    """One entry per setting a stdio server reads; secrets masked and stored by the host."""
    entries: dict[str, dict[str, Any]] = {}
    for setting in settings:
        entry: dict[str, Any] = {
            "type": setting.kind,
            "title": _title(setting.name),
            "description": setting.description,
            "required": setting.required,
        }
        if not setting.required:
            entry["default"] = _default(setting)
        if setting.sensitive:
            entry["sensitive"] = True
        entries[user_config_key(setting)] = entry
    return entries


def _author(authors: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    first = authors[0] if authors else {}
    author = {"name": str(first.get("name") or "Unknown")}
    email = str(first.get("email") or "")
    if _EMAIL.match(email):
        author["email"] = email
    return author


def _tools(catalog: Mapping[str, Any]) -> list[dict[str, str]]:
    listed = []
    for tool in catalog.get("tools", []):
        entry = {"name": str(tool["name"])}
        if tool.get("description"):
            entry["description"] = str(tool["description"])
        listed.append(entry)
    return listed


def _prompts(catalog: Mapping[str, Any]) -> list[dict[str, Any]]:
    # The host reads prompts from the running server; ``text`` is required by the schema, and
    # a FastMCP prompt is a function, not a template, so its description stands in for it.
    listed = []
    for prompt in catalog.get("prompts", []):
        description = str(prompt.get("description") or prompt["name"])
        listed.append(
            {
                "name": str(prompt["name"]),
                "description": description,
                "arguments": [str(arg["name"]) for arg in prompt.get("arguments", [])],
                "text": description,
            }
        )
    return listed


def build(
    metadata: Mapping[str, Any],
    *,
    script: str,
    package: str,
    catalog: Mapping[str, Any],
    settings: Sequence[Setting],
    icon: str | None,
    locked: bool,
) -> dict[str, Any]:
    """The manifest: ``metadata`` is pyproject's ``[project]`` table."""
    args = ["run", "--directory", "${__dirname}", "--no-dev"]
    if locked:
        args.append("--frozen")  # install exactly the bundled uv.lock, never re-resolve
    args += ["--", script, "--transport", "stdio"]
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "name": str(metadata["name"]),
        "version": str(metadata["version"]),
        "description": str(metadata.get("description") or metadata["name"]),
        "author": _author(metadata.get("authors") or []),
    }
    if icon:
        manifest["icon"] = icon
    manifest["server"] = {
        "type": "uv",
        "entry_point": f"src/{package}/__main__.py",
        "mcp_config": {
            "command": "uv",
            "args": args,
            "env": {s.name: f"${{user_config.{user_config_key(s)}}}" for s in settings},
        },
    }
    manifest["tools"] = _tools(catalog)
    manifest["prompts"] = _prompts(catalog)
    if metadata.get("requires-python"):
        manifest["compatibility"] = {"runtimes": {"python": str(metadata["requires-python"])}}
    manifest["user_config"] = user_config(settings)
    return manifest
