"""Minimal edits of JSON and JSONC text: only the edited entry's bytes change.

The text is tokenized and parsed into spans; an edit is a list of ``(start, end, text)``
replacements computed from those spans, in the way VS Code's own ``jsonc-parser`` ``modify``
works. Nothing is ever re-serialized except the value being written, so every other key,
its order, the indentation and every comment stay byte-identical.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_INDENT = "  "

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
    |(?P<comment>//[^\r\n]*|/\*.*?\*/)
    |(?P<string>"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")
    |(?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    |(?P<literal>true|false|null)
    |(?P<punct>[{}\[\]:,])
    """,
    re.VERBOSE | re.DOTALL,
)
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}


class JsoncSyntaxError(ValueError):
    """The text is not valid JSON (or JSONC); carries a 1-based line and column."""

    def __init__(self, message: str, text: str, pos: int) -> None:
        self.line = text.count("\n", 0, pos) + 1
        self.column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        self.reason = message
        super().__init__(f"{message} at line {self.line}, column {self.column}")


@dataclass(frozen=True)
class Token:
    """A lexical token: kind is string, number, literal, comment or the punctuation itself."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


@dataclass
class Node:
    """A value's span; containers also hold their items and the closing bracket's offset."""

    kind: str  # object, array or scalar
    start: int
    end: int
    value: Any
    items: list[Item] = field(default_factory=list)


@dataclass
class Item:
    """An object member or array element; ``start`` is the key's (or value's) offset."""

    key: str | None
    start: int
    key_end: int
    node: Node
    comma: int | None = None  # offset of the comma that follows, if any


def tokenize(text: str, *, comments: bool) -> list[Token]:
    """Split ``text`` into tokens, dropping whitespace (comments kept as tokens)."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise JsoncSyntaxError(_bad_char(text, pos), text, pos)
        kind = match.lastgroup or ""
        if kind == "comment" and not comments:
            raise JsoncSyntaxError("comments are not allowed in JSON", text, pos)
        if kind == "punct":
            kind = match.group()
        if kind != "ws":
            tokens.append(Token(kind, pos, match.end()))
        pos = match.end()
    return tokens


def _bad_char(text: str, pos: int) -> str:
    if text.startswith("/*", pos):
        return "unterminated comment"
    if text[pos] == '"':
        return "invalid or unterminated string"
    return f"unexpected character {text[pos]!r}"


class _Parser:
    def __init__(self, text: str, tokens: list[Token], *, trailing_commas: bool) -> None:
        self.text = text
        self.tokens = [t for t in tokens if t.kind != "comment"]
        self.trailing_commas = trailing_commas
        self.i = 0

    def fail(self, message: str) -> JsoncSyntaxError:
        pos = self.tokens[self.i].start if self.i < len(self.tokens) else len(self.text)
        return JsoncSyntaxError(message, self.text, pos)

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str) -> Token:
        token = self.peek()
        if token is None or token.kind != kind:
            found = "end of file" if token is None else repr(self.text[token.start : token.end])
            raise self.fail(f"expected {kind!r}, found {found}")
        self.i += 1
        return token

    def document(self) -> Node:
        node = self.value()
        if self.peek() is not None:
            raise self.fail("unexpected text after the end of the document")
        return node

    def value(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.fail("expected a value, found end of file")
        if token.kind in ("{", "["):
            return self.container(token)
        self.i += 1
        source = self.text[token.start : token.end]
        if token.kind in ("string", "number"):
            return Node("scalar", token.start, token.end, json.loads(source))
        if token.kind == "literal":
            return Node("scalar", token.start, token.end, _LITERALS[source])
        self.i -= 1
        raise self.fail(f"expected a value, found {source!r}")

    def container(self, opening: Token) -> Node:
        is_object = opening.kind == "{"
        closing = "}" if is_object else "]"
        self.i += 1
        node = Node("object" if is_object else "array", opening.start, -1, {} if is_object else [])
        while True:
            token = self.peek()
            if token is not None and token.kind == closing:
                if node.items and node.items[-1].comma is not None and not self.trailing_commas:
                    raise self.fail("trailing comma is not allowed in JSON")
                break
            if node.items and node.items[-1].comma is None:
                raise self.fail(f"expected ',' or {closing!r}")
            item = self.member(node) if is_object else self.element()
            node.items.append(item)
            if (token := self.peek()) is not None and token.kind == ",":
                item.comma = token.start
                self.i += 1
        node.end = self.take(closing).end
        return node

    def member(self, parent: Node) -> Item:
        key_token = self.take("string")
        key = json.loads(self.text[key_token.start : key_token.end])
        if key in parent.value:
            self.i -= 1
            raise self.fail(f"duplicate key {key!r}")
        self.take(":")
        node = self.value()
        parent.value[key] = node.value
        return Item(key, key_token.start, key_token.end, node)

    def element(self) -> Item:
        node = self.value()
        return Item(None, node.start, node.start, node)


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
        self.root = _Parser(self.text, tokens, trailing_commas=self.jsonc).document()
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
