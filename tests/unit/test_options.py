"""Resolving the server template's answers from options, prompts and defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mcpgen import __version__
from mcpgen.errors import ComponentError, UsageError
from mcpgen.options import (
    Asker,
    Question,
    ask_components,
    parse_components,
    resolve_answers,
)


def test_defaults_for_a_stdio_server() -> None:
    answers = resolve_answers("demo", {}, ask=False)
    assert answers["project_name"] == "demo"
    assert answers["mcpgen_version"] == __version__
    assert (answers["transport"], answers["auth"], answers["docker"]) == ("stdio", "none", False)


def test_http_defaults_to_api_key_auth_and_docker() -> None:
    answers = resolve_answers("demo", {"transport": "http"}, ask=False)
    assert (answers["auth"], answers["docker"]) == ("api-key", True)


@pytest.mark.parametrize("given", [{"docker": True}, {"deploy": "kubernetes"}])
def test_a_stdio_project_that_serves_http_in_a_container_is_secured(given: dict[str, Any]) -> None:
    answers = resolve_answers("demo", given, ask=False)
    assert answers["transport"] == "stdio"
    assert answers["docker"] is True
    assert answers["auth"] == "api-key"
    assert answers["rate_limit"] is True


def test_given_values_win_over_defaults() -> None:
    answers = resolve_answers(
        "demo", {"transport": "http", "auth": "none", "docker": False}, ask=False
    )
    assert (answers["auth"], answers["docker"]) == ("none", False)


def scripted(replies: dict[str, list[Any]], asked: list[tuple[str, Any, str | None]]) -> Asker:
    """An asker that gives the next scripted reply for each question ("" takes the default)."""

    def asker(question: Question, default: Any, problem: str | None) -> Any:
        asked.append((question.key, default, problem))
        queue = replies.get(question.key, [])
        return queue.pop(0) if queue else ""

    return asker


def test_prompts_only_for_missing_options_with_defaults_offered() -> None:
    asked: list[tuple[str, Any, str | None]] = []
    asker = scripted({"transport": ["sse"]}, asked)
    answers = resolve_answers("demo", {"description": "Given."}, ask=True, asker=asker)
    keys = [key for key, _, _ in asked]
    assert "description" not in keys
    assert keys.index("transport") < keys.index("auth"), "auth default depends on transport"
    assert {key: default for key, default, _ in asked}["auth"] == "api-key"
    assert answers["transport"] == "sse"


def test_a_stdio_server_is_not_asked_http_questions() -> None:
    asked: list[tuple[str, Any, str | None]] = []
    resolve_answers("demo", {}, ask=True, asker=scripted({"docker": ["n"]}, asked))
    keys = {key for key, _, _ in asked}
    assert keys.isdisjoint({"http_port", "auth", "rate_limit", "deploy"})
    assert {"transport", "docker", "otel", "python_version"} <= keys


@pytest.mark.parametrize(
    ("key", "wrong", "right", "expected", "said"),
    [
        ("python_version", "2.7", "3.12", "3.12", "3.11, 3.12"),
        ("transport", "htp", "http", "http", "Did you mean 'http'?"),
        ("auth", "API-KEY", "jwt", "jwt", "Did you mean 'api-key'?"),
        ("http_port", "99999", "8080", 8080, "1 to 65535"),
        ("author_email", "not-an-email", "ada@example.com", "ada@example.com", "ada@example"),
        ("description", "x" * 300, "Short.", "Short.", "one line"),
        ("docker", "maybe", "y", True, "y or n"),
    ],
)
def test_a_wrong_answer_is_asked_again_with_the_reason(
    key: str, wrong: str, right: str, expected: Any, said: str
) -> None:
    asked: list[tuple[str, Any, str | None]] = []
    given = {"transport": "http"} if key in ("auth", "http_port") else {}
    replies = {key: [wrong, right], "author_email": ["ada@example.com"]}
    replies[key] = [wrong, right]
    answers = resolve_answers("demo", given, ask=True, asker=scripted(replies, asked))
    assert answers[key] == expected
    problems = [problem for asked_key, _, problem in asked if asked_key == key]
    assert problems[0] is None and len(problems) == 2
    assert problems[1] is not None and said in problems[1]


def test_options_are_checked_before_any_question() -> None:
    asked: list[tuple[str, Any, str | None]] = []
    with pytest.raises(UsageError, match="--auth"):
        resolve_answers("demo", {"auth": "apikey"}, ask=True, asker=scripted({}, asked))
    assert asked == []


def test_integrations_several_at_once_and_re_asked_on_a_typo() -> None:
    asked: list[tuple[str, Any, str | None]] = []
    kinds = ask_components(scripted({"components": ["wether", "weather, sqlite"]}, asked))
    assert kinds == ["weather", "sqlite"]
    assert asked[1][2] is not None and "Did you mean 'weather'?" in asked[1][2]
    assert ask_components(scripted({"components": ["none"]}, [])) == []


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"transport": "websocket"}, "--transport"),
        ({"python_version": "2.7"}, "--python"),
        ({"http_port": 0}, "--port"),
        ({"http_port": 70000}, "--port"),
        ({"description": "two\nlines"}, "--description"),
        ({"author_email": "not-an-email"}, "--email"),
        ({"author_email": "a b@example.com"}, "--email"),
        ({"author_name": "two\nlines"}, "--author"),
        ({"deploy": "kubernetes", "docker": False}, "--no-docker"),
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


@pytest.mark.parametrize("email", ["ada@example.com", "a.b+tag@mail.example.org"])
def test_real_addresses_are_accepted(email: str) -> None:
    assert resolve_answers("demo", {"author_email": email}, ask=False)["author_email"] == email


def test_unknown_integrations_suggest_the_closest() -> None:
    with pytest.raises(ComponentError) as raised:
        parse_components("wether", [])
    assert raised.value.hint is not None and "Did you mean 'weather'?" in raised.value.hint


def test_an_unusable_git_identity_is_named_as_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Ada\n\temail = not an address\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="git configuration") as raised:
        resolve_answers("demo", {}, ask=False)
    assert raised.value.hint is not None and "--email" in raised.value.hint
    answers = resolve_answers("demo", {"author_email": "ada@example.com"}, ask=False)
    assert answers["author_email"] == "ada@example.com"
