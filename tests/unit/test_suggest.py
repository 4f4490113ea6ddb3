"""Did-you-mean suggestions: case and separators, prefixes, then spelling; nothing when far."""

from __future__ import annotations

import pytest

from mcpgen.suggest import closest, hint

TARGETS = ["claude-desktop", "claude-code", "cursor", "vscode", "json", "all"]


@pytest.mark.parametrize(
    ("typed", "choices", "expected"),
    [
        ("API-KEY", ["none", "api-key", "jwt"], ["api-key"]),
        ("apikey", ["none", "api-key", "jwt"], ["api-key"]),
        ("claude", TARGETS, ["claude-desktop", "claude-code"]),
        ("cursr", TARGETS, ["cursor"]),
        ("wether", ["weather", "sqlite", "postgres"], ["weather"]),
        ("htp", ["stdio", "http", "sse"], ["http"]),
        ("2.7", ["3.11", "3.12"], []),
        ("", ["a"], []),
    ],
)
def test_closest(typed: str, choices: list[str], expected: list[str]) -> None:
    assert closest(typed, choices) == expected


def test_hint_asks_then_lists_every_choice() -> None:
    assert hint("htp", ["stdio", "http", "sse"]) == (
        "Did you mean 'http'? Choose one of: stdio, http, sse."
    )
    assert hint("claude", TARGETS).startswith("Did you mean 'claude-desktop' or 'claude-code'?")
    assert hint("zzz", ["a", "b"]) == "Choose one of: a, b."
