"""Minimal edits of TOML text (Codex's config.toml) with tomlkit, which keeps comments.

A new ``[mcp_servers.NAME]`` table is appended to the end of the file, so everything before it
stays byte-identical; replacing or removing an existing table goes through tomlkit's document
model, which keeps every other table, comment and blank line as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# tomlkit is imported where it is used: only Codex targets pay for it (client-config speed).
if TYPE_CHECKING:
    from tomlkit import TOMLDocument
    from tomlkit.items import InlineTable, Table


class TomlSyntaxError(ValueError):
    """The text is not valid TOML; carries a 1-based line and column."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(f"{reason} at line {line}, column {column}")


def parse(text: str) -> TOMLDocument:
    """Parse TOML text, turning tomlkit's errors into :class:`TomlSyntaxError`."""
    import tomlkit
    import tomlkit.exceptions

    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        reason = str(exc).split(" at line ")[0]
        raise TomlSyntaxError(reason, exc.line, max(exc.col, 1)) from None
    except tomlkit.exceptions.TOMLKitError as exc:  # e.g. a key defined twice
        raise TomlSyntaxError(str(exc), 1, 1) from None


def get(text: str, table: str, name: str) -> dict[str, Any] | None:
    """The plain value of ``[table.name]``, or None."""
    servers = parse(text).get(table)
    if not isinstance(servers, dict) or name not in servers:
        return None
    value = servers[name]
    return dict(value.unwrap()) if hasattr(value, "unwrap") else dict(value)


def render(table: str, name: str, entry: dict[str, Any]) -> str:
    """The TOML text of ``[table.name]`` holding ``entry`` (nested dicts as inline tables)."""
    import tomlkit

    return tomlkit.dumps({table: {name: _table(entry)}})


def _table(entry: dict[str, Any], *, inline: bool = False) -> Table | InlineTable:
    import tomlkit

    result: Table | InlineTable = tomlkit.inline_table() if inline else tomlkit.table()
    for key, value in entry.items():
        if isinstance(value, dict):
            nested = tomlkit.inline_table()
            nested.update(value)
            result[key] = nested
        else:
            result[key] = value
    return result


def _like(original: str, edited: str) -> str:
    """Undo tomlkit's habit of leaving extra blank lines at the end of the file."""
    if edited.endswith("\n\n") and not original.endswith("\n\n"):
        edited = edited.rstrip("\n") + ("\n" if original.endswith("\n") or original else "")
    return edited


def _separator(text: str) -> str:
    if not text.strip() or text.endswith("\n\n"):
        return ""
    return "\n" if text.endswith("\n") else "\n\n"


def set_entry(text: str, table: str, name: str, entry: dict[str, Any]) -> str:
    """``text`` with ``[table.name]`` set to ``entry``."""
    import tomlkit
    from tomlkit.items import InlineTable

    doc = parse(text)
    servers = doc.get(table)
    if isinstance(servers, dict) and name in servers:
        inline = isinstance(servers, InlineTable) or isinstance(servers[name], InlineTable)
        servers[name] = _table(entry, inline=inline)
        return _like(text, tomlkit.dumps(doc))
    separator = _separator(text)
    appended = text + separator + render(table, name, entry)
    try:
        parsed = parse(appended)
    except TomlSyntaxError:  # e.g. the table was written inline; edit the document instead
        parsed = None
    if parsed is not None and get(appended, table, name) == entry:
        return appended
    if servers is None:
        servers = doc[table] = tomlkit.table(is_super_table=True)
    servers[name] = _table(entry, inline=isinstance(servers, InlineTable))
    return tomlkit.dumps(doc)


def remove_entry(text: str, table: str, name: str) -> str:
    """``text`` without ``[table.name]`` (unchanged when it is absent)."""
    import tomlkit

    doc = parse(text)
    servers = doc.get(table)
    if not isinstance(servers, dict) or name not in servers:
        return text
    del servers[name]
    return _like(text, tomlkit.dumps(doc))
