"""Minimal edits of JSON and JSONC text: only the edited entry's bytes change.

The text is tokenized and parsed into spans; an edit is a list of ``(start, end, text)``
replacements computed from those spans, in the way VS Code's own ``jsonc-parser`` ``modify``
works. Nothing is ever re-serialized except the value being written, so every other key,
its order, the indentation and every comment stay byte-identical.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mcpgen.edits.jsonc_parse import Item, JsoncSyntaxError, Node, Parser, Token, tokenize

__all__ = ["Document", "Edit", "JsoncSyntaxError", "apply_edits"]

DEFAULT_INDENT = "  "


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


@dataclass
class Document:
    """A parsed JSON/JSONC text that can compute minimal edits of itself."""

    text: str
    jsonc: bool = False
    root: Node = field(init=False)
    comments: list[Token] = field(init=False)

    def __post_init__(self) -> None:
        tokens = tokenize(self.text, comments=self.jsonc)
        self.comments = [t for t in tokens if t.kind == "comment"]
        self.root = Parser(self.text, tokens, trailing_commas=self.jsonc).document()
        if self.root.kind != "object":
            raise JsoncSyntaxError("the top level must be an object", self.text, self.root.start)
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        self.unit = self._indent_unit()

    @property
    def value(self) -> Any:
        """The parsed content as plain Python values."""
        return self.root.value

    # -- lookup ---------------------------------------------------------------------------

    def find(self, path: Sequence[str]) -> tuple[Node, Item | None, int]:
        """The deepest existing object along ``path``, the item found there, and its depth."""
        node = self.root
        for depth, key in enumerate(path):
            if node.kind != "object":
                shown = ".".join(path[:depth])
                raise ValueError(f"'{shown}' is not an object")
            item = next((it for it in node.items if it.key == key), None)
            if item is None or depth == len(path) - 1:
                return node, item, depth
            node = item.node
        raise ValueError("empty path")

    def get(self, path: Sequence[str], default: Any = None) -> Any:
        """The value at ``path``, or ``default``."""
        _, item, depth = self.find(path)
        return item.node.value if item is not None and depth == len(path) - 1 else default

    # -- edits ----------------------------------------------------------------------------

    def set(self, path: Sequence[str], value: Any) -> list[Edit]:
        """Edits that make ``path`` hold ``value``, creating missing objects on the way."""
        container, item, depth = self.find(path)
        if item is not None and depth == len(path) - 1:
            return [Edit(item.node.start, item.node.end, self._dump(value, item.start))]
        nested: Any = value
        for key in reversed(path[depth + 1 :]):
            nested = {key: nested}
        return self._insert(container, path[depth], nested)

    def remove(self, path: Sequence[str]) -> list[Edit]:
        """Edits that delete the member at ``path`` (none when it is absent)."""
        container, item, depth = self.find(path)
        if item is None or depth != len(path) - 1:
            return []
        return self._delete(container, container.items.index(item))

    def append(self, path: Sequence[str], value: Any) -> list[Edit]:
        """Edits that append ``value`` to the array at ``path`` (created if missing)."""
        _, item, depth = self.find(path)
        if item is None or depth != len(path) - 1:
            return self.set(path, [value])
        if item.node.kind != "array":
            raise ValueError(f"'{'.'.join(path)}' is not an array")
        return self._insert(item.node, None, value)

    def remove_element(self, path: Sequence[str], index: int) -> list[Edit]:
        """Edits that delete element ``index`` of the array at ``path``."""
        _, item, _ = self.find(path)
        if item is None or item.node.kind != "array":
            return []
        return self._delete(item.node, index)

    # -- formatting helpers ---------------------------------------------------------------

    def _line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def _indent_of(self, pos: int) -> str:
        start = self._line_start(pos)
        line = self.text[start:pos]
        return line[: len(line) - len(line.lstrip(" \t"))]

    def _starts_line(self, pos: int) -> bool:
        return self.text[self._line_start(pos) : pos].strip(" \t") == ""

    def _indent_unit(self) -> str:
        stack = [self.root]
        while stack:
            node = stack.pop(0)
            for item in node.items:
                if self._starts_line(item.start):
                    outer, inner = self._indent_of(node.start), self._indent_of(item.start)
                    if inner.startswith(outer) and len(inner) > len(outer):
                        return inner[len(outer) :]
                stack.append(item.node)
        return DEFAULT_INDENT

    def _dump(self, value: Any, at: int) -> str:
        if not self._starts_line(at):
            return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        text = json.dumps(value, ensure_ascii=False, indent=self.unit)
        return text.replace("\n", self.newline + self._indent_of(at))

    def _key_separator(self, container: Node) -> str:
        for item in container.items:
            if item.key is not None:
                between = self.text[item.key_end : item.node.start]
                if "\n" not in between and between.strip(" \t") == ":":
                    return between
        return ": "

    def _comments_between(self, start: int, end: int) -> list[Token]:
        lo = bisect.bisect_left([c.start for c in self.comments], start)
        return [c for c in self.comments[lo:] if c.end <= end]

    def _end_of_line(self, pos: int, limit: int) -> int:
        """Skip blanks and same-line comments after ``pos``; stop before a newline."""
        comments = {c.start: c for c in self._comments_between(pos, limit)}
        while pos < limit:
            if self.text[pos] in " \t":
                pos += 1
            elif pos in comments and "\n" not in self.text[pos : comments[pos].end]:
                pos = comments[pos].end
            else:
                break
        return pos

    def _item_text(self, container: Node, key: str | None, value: Any, indent: str | None) -> str:
        prefix = "" if key is None else json.dumps(key, ensure_ascii=False)
        prefix += "" if key is None else self._key_separator(container)
        if indent is None:
            return prefix + json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        body = json.dumps(value, ensure_ascii=False, indent=self.unit)
        return prefix + body.replace("\n", self.newline + indent)

    # -- insertion and deletion -----------------------------------------------------------

    def _insert(self, container: Node, key: str | None, value: Any) -> list[Edit]:
        close = container.end - 1
        if not container.items:
            base = self._indent_of(container.start)
            indent = base + self.unit
            item = self._item_text(container, key, value, indent)
            inner = self._comments_between(container.start, close)
            if inner:
                return [Edit(inner[-1].end, inner[-1].end, self.newline + indent + item)]
            new = self.newline + indent + item + self.newline + base
            return [Edit(container.start + 1, close, new)]
        last = container.items[-1]
        anchor = last.comma + 1 if last.comma is not None else last.node.end
        edits = [] if last.comma is not None else [Edit(anchor, anchor, ",")]
        trailing = "," if last.comma is not None else ""
        if not self._starts_line(last.start):
            compact = self._item_text(container, key, value, None)
            return [*edits, Edit(anchor, anchor, " " + compact + trailing)]
        indent = self._indent_of(last.start)
        item = self._item_text(container, key, value, indent)
        at = self._end_of_line(anchor, close)
        return [*edits, Edit(at, at, self.newline + indent + item + trailing)]

    def _delete(self, container: Node, index: int) -> list[Edit]:
        items = container.items
        item = items[index]
        close = container.end - 1
        if len(items) == 1 and not self._comments_between(container.start, close):
            return [Edit(container.start + 1, close, "")]
        end = item.comma + 1 if item.comma is not None else item.node.end
        edits: list[Edit] = []
        is_last = index == len(items) - 1
        if is_last and item.comma is None and index > 0:
            previous_comma = items[index - 1].comma
            assert previous_comma is not None  # an item followed by another has a comma
            edits.append(Edit(previous_comma, previous_comma + 1, ""))
        line_end = self._end_of_line(end, close)
        own_line = self.text.startswith(("\n", "\r\n"), line_end)
        if self._starts_line(item.start) and own_line:
            start = self._line_start(item.start)
            stop = line_end + (2 if self.text.startswith("\r\n", line_end) else 1)
            return [*edits, Edit(start, stop, "")]
        if not is_last:
            stop = end + len(self.text[end:]) - len(self.text[end:].lstrip(" \t"))
            return [*edits, Edit(item.start, stop, "")]
        if index == 0:
            return [Edit(item.start, end, "")]
        previous = items[index - 1]
        assert previous.comma is not None
        if item.comma is not None:  # trailing-comma style: keep the previous item's comma
            return [Edit(previous.comma + 1, end, "")]
        return [Edit(previous.node.end, end, "")]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits to ``text``; insertions at one offset keep their order."""
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end, pair[0]))
    for _, edit in reversed(ordered):
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text
