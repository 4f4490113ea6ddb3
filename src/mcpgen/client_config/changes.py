"""Computing the change to one client's config file: the new text, or why there is none."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcpgen.client_config import entries
from mcpgen.client_config.targets import Client
from mcpgen.edits import jsonc, toml
from mcpgen.errors import ConfigEditError

BOM = "\ufeff"
_FORMAT_NAMES = {"json": "JSON", "jsonc": "JSON with comments", "toml": "TOML"}


@dataclass
class Change:
    """What writing (or removing) one entry does to one file."""

    client: Client
    path: Path
    before: str | None  # None: the file does not exist
    after: str
    action: str  # added, replaced, removed, unchanged or absent
    warnings: list[str] = field(default_factory=list)
    backup: Path | None = None  # set once written
    inside: Path | None = None  # the directory the file must stay in (project scope)

    @property
    def changed(self) -> bool:
        """True when the file's content would change."""
        return self.action in ("added", "replaced", "removed")

    def diff(self) -> str:
        """A unified diff of the file before and after."""
        name = str(self.path)
        return "".join(
            difflib.unified_diff(
                _lines(self.before or ""),
                _lines(self.after),
                fromfile=name if self.before is not None else "/dev/null",
                tofile=name,
            )
        )


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def _syntax_error(
    path: Path, fmt: str, exc: jsonc.JsoncSyntaxError | toml.TomlSyntaxError
) -> ConfigEditError:
    return ConfigEditError(
        f"{path} is not valid {_FORMAT_NAMES[fmt]}: {exc.reason} "
        f"(line {exc.line}, column {exc.column}); it was left untouched.",
        hint="Fix the file (or restore it from a backup), then run this command again.",
    )


# What ``fastmcp install`` adds to every entry when it rewrites a config through its model:
# null-valued keys ("cwd": null, "url": null, ...), an empty "env" and its default transport.
_FASTMCP_DEFAULTS: dict[str, Any] = {"env": {}, "transport": "stdio"}


def without_nulls(value: Any) -> Any:
    """``value`` with null-valued keys dropped at every depth."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def same_entry(existing: Any, wanted: dict[str, Any]) -> bool:
    """True when the entry in the file is ours, ignoring what ``fastmcp install`` added."""
    if not isinstance(existing, dict):
        return False
    kept = {
        key: value
        for key, value in without_nulls(existing).items()
        if key in wanted or _FASTMCP_DEFAULTS.get(key, ...) != value
    }
    return bool(kept == without_nulls(wanted))


def _conflict(path: Path, name: str, old: Any, new: Any) -> ConfigEditError:
    diff = "".join(
        difflib.unified_diff(
            json.dumps(old, indent=2).splitlines(keepends=True),
            json.dumps(new, indent=2).splitlines(keepends=True),
            fromfile=f"{name} (in the file)",
            tofile=f"{name} (mcpgen)",
        )
    )
    return ConfigEditError(
        f"{path} already has a server named '{name}' with different settings:\n{diff.rstrip()}",
        hint="Pass --force to replace it, or --name to add this one under another name.",
    )


def plan(
    client: Client,
    path: Path,
    before: str | None,
    name: str,
    entry: entries.Entry,
    *,
    remove: bool = False,
    force: bool = False,
) -> Change:
    """The change that writes (or with ``remove`` deletes) ``name`` in ``before``."""
    bom = BOM if before and before.startswith(BOM) else ""
    text = (before or "")[len(bom) :]
    try:
        if client.fmt == "toml":
            after, action = _plan_toml(
                client, text, name=name, value=entry.value, remove=remove, force=force, path=path
            )
        else:
            after, action = _plan_json(
                client, text, name=name, entry=entry, remove=remove, force=force, path=path
            )
    except (jsonc.JsoncSyntaxError, toml.TomlSyntaxError) as exc:
        raise _syntax_error(path, client.fmt, exc) from None
    except ValueError as exc:  # the servers key holds something other than an object
        raise ConfigEditError(f"Cannot edit {path}: {exc}.") from None
    if action in ("unchanged", "absent"):
        return Change(client, path, before, before or "", action)
    return Change(client, path, before, bom + after, action, warnings=list(entry.warnings))


def _plan_toml(
    client: Client,
    text: str,
    *,
    name: str,
    value: dict[str, Any],
    remove: bool,
    force: bool,
    path: Path,
) -> tuple[str, str]:
    existing = toml.get(text, client.key, name)
    if remove:
        if existing is None:
            return text, "absent"
        return toml.remove_entry(text, client.key, name), "removed"
    if existing is not None and same_entry(existing, value):
        return text, "unchanged"
    if existing is not None and not force:
        raise _conflict(path, name, existing, value)
    action = "added" if existing is None else "replaced"
    return toml.set_entry(text, client.key, name, value), action


def _plan_json(
    client: Client,
    text: str,
    *,
    name: str,
    entry: entries.Entry,
    remove: bool,
    force: bool,
    path: Path,
) -> tuple[str, str]:
    comments = client.fmt == "jsonc"
    doc = jsonc.Document(text if text.strip() else "{}\n", jsonc=comments)
    servers = doc.get([client.key])
    if servers is not None and not isinstance(servers, dict):
        raise ValueError(f"'{client.key}' is not an object")
    missing = object()
    existing = doc.get([client.key, name], missing)
    if remove:
        if existing is missing:
            return text, "absent"
        after = jsonc.apply_edits(doc.text, doc.remove([client.key, name]))
        input_ids = [entries.vscode_input_id(name)] if client.id == "vscode" else []
        return _remove_inputs(after, input_ids, comments), "removed"
    if existing is not missing and same_entry(existing, entry.value):
        after = _add_inputs(text, entry, comments) if text.strip() else text
        return after, "unchanged" if after == text else "replaced"
    if existing is not missing and not force:
        raise _conflict(path, name, existing, entry.value)
    after = jsonc.apply_edits(doc.text, doc.set([client.key, name], entry.value))
    action = "added" if existing is missing else "replaced"
    return _add_inputs(after, entry, comments), action


def _input_index(doc: jsonc.Document, input_id: str) -> int | None:
    inputs = doc.get(["inputs"])
    if not isinstance(inputs, list):
        return None
    for index, item in enumerate(inputs):
        if isinstance(item, dict) and item.get("id") == input_id:
            return index
    return None


def _add_inputs(text: str, entry: entries.Entry, comments: bool) -> str:
    for wanted in entry.inputs:
        doc = jsonc.Document(text, jsonc=comments)
        if _input_index(doc, wanted["id"]) is None:
            text = jsonc.apply_edits(text, doc.append(["inputs"], wanted))
    return text


def _remove_inputs(text: str, input_ids: list[str], comments: bool) -> str:
    for input_id in input_ids:
        doc = jsonc.Document(text, jsonc=comments)
        index = _input_index(doc, input_id)
        if index is not None:
            text = jsonc.apply_edits(text, doc.remove_element(["inputs"], index))
    return text
