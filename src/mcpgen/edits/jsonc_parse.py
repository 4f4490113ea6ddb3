"""Parsing JSON and JSONC into values plus the source span of every key, value and comma."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

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


class Parser:
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
            if not is_object:
                node.value.append(item.node.value)
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
