"""Resolving the server template's answers from options, prompts and defaults."""

from __future__ import annotations

from typing import Any

import pytest

from mcpgen import __version__
from mcpgen.errors import UsageError
from mcpgen.options import parse_components, resolve_answers


def test_defaults_for_a_stdio_server() -> None:
    answers = resolve_answers("demo", {}, ask=False)
    assert answers["project_name"] == "demo"
    assert answers["mcpgen_version"] == __version__
    assert (answers["transport"], answers["auth"], answers["docker"]) == ("stdio", "none", False)


def test_http_defaults_to_api_key_auth_and_docker() -> None:
    answers = resolve_answers("demo", {"transport": "http"}, ask=False)
    assert (answers["auth"], answers["docker"]) == ("api-key", True)


def test_given_values_win_over_defaults() -> None:
    answers = resolve_answers(
        "demo", {"transport": "http", "auth": "none", "docker": False}, ask=False
    )
    assert (answers["auth"], answers["docker"]) == ("none", False)


def test_prompts_only_for_missing_options_with_defaults_offered() -> None:
    asked: list[tuple[str, Any]] = []

    def asker(key: str, label: str, default: Any) -> Any:
        asked.append((key, default))
        return "sse" if key == "transport" else default

    answers = resolve_answers("demo", {"description": "Given."}, ask=True, asker=asker)
    keys = [key for key, _ in asked]
    assert "description" not in keys
    assert keys.index("transport") < keys.index("auth"), "auth default depends on transport"
    assert dict(asked)["auth"] == "api-key"
    assert answers["transport"] == "sse"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"transport": "websocket"}, "--transport"),
        ({"python_version": "2.7"}, "--python"),
        ({"http_port": 0}, "--port"),
        ({"http_port": 70000}, "--port"),
        ({"description": "two\nlines"}, "--description"),
    ],
)
def test_bad_option_values_are_usage_errors(given: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        resolve_answers("demo", given, ask=False)
    assert caught.value.hint


def test_components_from_with_and_tool_in_order_without_repeats() -> None:
    assert parse_components("weather, sqlite,", ["postgres", "weather"]) == [
        "weather",
        "sqlite",
        "postgres",
    ]
