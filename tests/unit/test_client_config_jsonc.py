"""The JSON/JSONC splicer: edits touch only the edited entry's bytes."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcpgen.edits.jsonc import Document, JsoncSyntaxError, apply_edits

ENTRY = {"command": "/abs/.venv/bin/demo", "args": ["--transport", "stdio"]}

VSCODE_LIKE = """\
// User MCP servers
{
\t"servers": {
\t\t// the filesystem server
\t\t"fs": {"type": "stdio", "command": "npx", "args": ["-y", "fs"]}, // keep me
\t\t"git": {
\t\t\t"command": "uvx",
\t\t\t"args": ["mcp-server-git"],
\t\t},
\t},
\t/* inputs follow */
\t"inputs": [],
}
"""


def edit(text: str, op: str, *args: Any, jsonc: bool = True) -> str:
    doc = Document(text, jsonc=jsonc)
    result: str = apply_edits(text, getattr(doc, op)(*args))
    Document(result, jsonc=jsonc)  # still parses
    return result


def test_adding_keeps_comments_tabs_and_trailing_commas() -> None:
    result = edit(VSCODE_LIKE, "set", ["servers", "demo"], ENTRY)
    assert result.startswith(VSCODE_LIKE[: VSCODE_LIKE.index("\t},\n\t/*")])
    assert '\t\t"demo": {\n\t\t\t"command": "/abs/.venv/bin/demo",' in result
    assert result.endswith('\t\t\t]\n\t\t},\n\t},\n\t/* inputs follow */\n\t"inputs": [],\n}\n')


def test_add_then_remove_restores_the_file_exactly() -> None:
    added = edit(VSCODE_LIKE, "set", ["servers", "demo"], ENTRY)
    assert edit(added, "remove", ["servers", "demo"]) == VSCODE_LIKE


def test_replacing_changes_only_the_value() -> None:
    text = '{\n  "mcpServers": {\n    "demo": {"command": "old"}, // mine\n    "b": 1\n  }\n}'
    result = edit(text, "set", ["mcpServers", "demo"], {"command": "new"})
    assert result == text.replace('{"command": "old"}', '{\n      "command": "new"\n    }')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{}", '{\n  "mcpServers": {\n    "demo": 1\n  }\n}'),
        ('{"a": true}', '{"a": true, "mcpServers": {"demo": 1}}'),
        ('{\n    "mcpServers": {}\n}', '{\n    "mcpServers": {\n        "demo": 1\n    }\n}'),
        (
            '{\r\n  "a": 1\r\n}\r\n',
            '{\r\n  "a": 1,\r\n  "mcpServers": {\r\n    "demo": 1\r\n  }\r\n}\r\n',
        ),
        ('{\n  "mcpServers": {\n    // none yet\n  }\n}', None),
    ],
)
def test_insertion_matches_the_surrounding_style(text: str, expected: str | None) -> None:
    result = edit(text, "set", ["mcpServers", "demo"], 1)
    assert Document(result, jsonc=True).value["mcpServers"] == {"demo": 1}
    if expected is None:
        assert result == '{\n  "mcpServers": {\n    // none yet\n    "demo": 1\n  }\n}'
    else:
        assert result == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"s": {"a": 1, "demo": 2}}', '{"s": {"a": 1}}'),
        ('{"s": {"demo": 2, "a": 1}}', '{"s": {"a": 1}}'),
        ('{"s": {"demo": 2}}', '{"s": {}}'),
        ('{\n "s": {\n  "a": 1,\n  "demo": 2\n }\n}', '{\n "s": {\n  "a": 1\n }\n}'),
        ('{\n "s": {\n  "demo": 2, // x\n  "a": 1\n }\n}', '{\n "s": {\n  "a": 1\n }\n}'),
    ],
)
def test_removal_deletes_only_the_entry(text: str, expected: str) -> None:
    assert edit(text, "remove", ["s", "demo"]) == expected


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"a": 1,,}', 1, 9),
        ('{\n  "a": 1\n  "b": 2\n}', 3, 3),
        ('{"a": 1, "a": 2}', 1, 10),
        ('{"a": /* open', 1, 7),
        ("[1]", 1, 1),
        ('{"a": 1} x', 1, 10),
    ],
)
def test_syntax_errors_carry_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(JsoncSyntaxError) as caught:
        Document(text, jsonc=True)
    assert (caught.value.line, caught.value.column) == (line, column)


@pytest.mark.parametrize("text", ['{"a": 1, // c\n}', '{"a": [1,]}'])
def test_strict_json_rejects_comments_and_trailing_commas(text: str) -> None:
    with pytest.raises(JsoncSyntaxError):
        Document(text, jsonc=False)
    Document(text, jsonc=True)


def test_array_append_and_remove() -> None:
    text = '{\n  "inputs": [\n    {"id": "a"}\n  ]\n}'
    added = edit(text, "append", ["inputs"], {"id": "b"})
    assert added == '{\n  "inputs": [\n    {"id": "a"},\n    {\n      "id": "b"\n    }\n  ]\n}'
    assert edit(added, "remove_element", ["inputs"], 1) == text


# -- properties: random documents in random styles -------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
keys = st.text(alphabet="abcdefgh-_", min_size=1, max_size=6).filter(lambda k: k != "demo")


@st.composite
def styled(
    draw: st.DrawFn, value: dict[str, Any], depth: int = 0, jsonc: bool = True, newline: str = ""
) -> str:
    """``value`` (an object) rendered in a random layout with comments; one newline style."""
    indent = draw(st.sampled_from(["  ", "    ", "\t"]))
    newline = newline or draw(st.sampled_from(["\n", "\r\n"]))
    inline = draw(st.booleans()) and depth > 0
    parts = []
    for key, item in value.items():
        body = (
            draw(styled(item, depth + 1, jsonc, newline))
            if isinstance(item, dict)
            else json.dumps(item)
        )
        comment = draw(st.sampled_from(["", " // note", " /* c */"])) if jsonc else ""
        parts.append((json.dumps(key) + draw(st.sampled_from([": ", ":"])) + body, comment))
    if not parts:
        return "{}"
    trailing = "," if jsonc and draw(st.booleans()) else ""
    if inline:
        return "{" + ", ".join(p for p, _ in parts) + trailing + "}"
    pad = newline + indent * (depth + 1)
    lines = [p + ("," if i < len(parts) - 1 else trailing) + c for i, (p, c) in enumerate(parts)]
    return "{" + pad + pad.join(lines) + newline + indent * depth + "}"


documents = st.tuples(
    st.dictionaries(keys, values, max_size=4),
    st.dictionaries(keys, values, max_size=4),
    st.booleans(),
)


def _comments(text: str) -> list[str]:
    # From the tokenizer, not a regex: "/*" inside a string value is not a comment.
    return [text[c.start : c.end] for c in Document(text, jsonc=True).comments]


@settings(max_examples=300, deadline=None)
@given(documents, st.data())
def test_adding_then_removing_an_entry_round_trips(
    doc: tuple[dict[str, Any], dict[str, Any], bool], data: st.DataObject
) -> None:
    servers, others, jsonc = doc
    value = {**others, "mcpServers": servers}
    text = data.draw(styled(value, jsonc=jsonc))
    added = edit(text, "set", ["mcpServers", "demo"], ENTRY, jsonc=jsonc)
    assert Document(added, jsonc=jsonc).value == {
        **others,
        "mcpServers": {**servers, "demo": ENTRY},
    }
    assert _comments(added) == _comments(text)
    assert edit(added, "remove", ["mcpServers", "demo"], jsonc=jsonc) == text


@settings(max_examples=300, deadline=None)
@given(documents, st.data())
def test_edits_never_touch_bytes_outside_the_entry(
    doc: tuple[dict[str, Any], dict[str, Any], bool], data: st.DataObject
) -> None:
    servers, others, jsonc = doc
    servers = {**servers, "demo": {"command": "old"}}
    text = data.draw(styled({**others, "mcpServers": servers}, jsonc=jsonc))
    document = Document(text, jsonc=jsonc)
    _, item, _ = document.find(["mcpServers", "demo"])
    assert item is not None
    for op_edits in (
        document.set(["mcpServers", "demo"], ENTRY),
        document.remove(["mcpServers", "demo"]),
    ):
        for change in op_edits:
            removed = text[change.start : change.end]
            span = range(item.start, item.node.end)
            outside = "".join(text[i] for i in range(change.start, change.end) if i not in span)
            assert re.fullmatch(r"[\s,]*(//[^\r\n]*|/\* c \*/)?[\s,]*", outside), removed
        result = apply_edits(text, op_edits)
        expected = {k: v for k, v in servers.items() if k != "demo"}
        if op_edits[0].new:
            expected["demo"] = ENTRY
        assert Document(result, jsonc=jsonc).value == {**others, "mcpServers": expected}


def test_comment_markers_inside_strings_are_not_comments() -> None:
    text = '{\n  "mcpServers": {\n    "_": [["/*"]] /* c */\n  }\n}'
    added = edit(text, "set", ["mcpServers", "demo"], ENTRY)
    assert '"_": [["/*"]], /* c */' in added
    assert edit(added, "remove", ["mcpServers", "demo"]) == text
