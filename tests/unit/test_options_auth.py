"""Auth modes and deploy targets in the server template's answers."""

from __future__ import annotations

from typing import Any

import pytest

from mcpgen.errors import UsageError
from mcpgen.options import AUTH_MODES, DEPLOY_TARGETS, IDPS, Question, resolve_answers


@pytest.mark.parametrize("auth", ["none", "api-key", "jwt", "oauth", "oauth-proxy"])
def test_every_auth_mode_is_accepted(auth: str) -> None:
    answers = resolve_answers("demo", {"transport": "http", "auth": auth}, ask=False)
    assert answers["auth"] == auth


@pytest.mark.parametrize(
    ("given", "option", "choices"),
    [
        ({"auth": "basic"}, "--auth", AUTH_MODES),
        ({"auth": "API-KEY"}, "--auth", AUTH_MODES),
        ({"deploy": "nomad"}, "--deploy", DEPLOY_TARGETS),
        ({"auth": "oauth-proxy", "idp": "okta"}, "--idp", IDPS),
    ],
)
def test_unknown_choices_are_usage_errors_listing_the_choices(
    given: dict[str, Any], option: str, choices: tuple[str, ...]
) -> None:
    with pytest.raises(UsageError) as raised:
        resolve_answers("demo", given, ask=False)
    assert option in raised.value.message
    assert raised.value.hint is not None
    assert all(choice in raised.value.hint for choice in choices)
    assert raised.value.exit_code == 2


def test_deploy_defaults_to_none() -> None:
    assert resolve_answers("demo", {"transport": "http"}, ask=False)["deploy"] == "none"


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_kubernetes_switches_docker_on(transport: str) -> None:
    answers = resolve_answers("demo", {"transport": transport, "deploy": "kubernetes"}, ask=False)
    assert (answers["deploy"], answers["docker"]) == ("kubernetes", True)


def test_kubernetes_with_no_docker_is_refused() -> None:
    with pytest.raises(UsageError, match="--no-docker") as raised:
        resolve_answers("demo", {"deploy": "kubernetes", "docker": False}, ask=False)
    assert raised.value.hint is not None


def test_deploy_is_asked_with_none_offered_when_there_is_a_docker_image() -> None:
    asked: dict[str, Any] = {}

    def asker(question: Question, default: Any, problem: str | None) -> Any:
        asked[question.key] = (question.choices, default)
        return ""

    resolve_answers("demo", {"docker": True}, ask=True, asker=asker)
    choices, default = asked["deploy"]
    assert default == "none"
    assert "kubernetes" in choices


@pytest.mark.parametrize("idp", IDPS)
def test_every_idp_is_accepted_with_the_oauth_proxy(idp: str) -> None:
    given = {"transport": "http", "auth": "oauth-proxy", "idp": idp}
    assert resolve_answers("demo", given, ask=False)["idp"] == idp


def test_idp_alone_implies_the_oauth_proxy() -> None:
    answers = resolve_answers("demo", {"transport": "http", "idp": "google"}, ask=False)
    assert (answers["auth"], answers["idp"]) == ("oauth-proxy", "google")


def test_idp_with_another_auth_mode_is_refused_before_any_question() -> None:
    asked: list[str] = []

    def asker(question: Question, default: Any, problem: str | None) -> Any:
        asked.append(question.key)
        return ""

    with pytest.raises(UsageError, match="--idp github is for --auth oauth-proxy") as raised:
        resolve_answers("demo", {"auth": "jwt", "idp": "github"}, ask=True, asker=asker)
    assert raised.value.hint is not None
    assert asked == []


def test_a_misspelt_idp_gets_a_did_you_mean() -> None:
    with pytest.raises(UsageError) as raised:
        resolve_answers("demo", {"auth": "oauth-proxy", "idp": "githb"}, ask=False)
    assert "Did you mean 'github'?" in str(raised.value.hint)


def test_the_idp_is_asked_only_for_the_oauth_proxy() -> None:
    def ask(auth: str) -> dict[str, Any]:
        asked: dict[str, Any] = {}

        def asker(question: Question, default: Any, problem: str | None) -> Any:
            asked[question.key] = (question.choices, default)
            return ""

        resolve_answers("demo", {"transport": "http", "auth": auth}, ask=True, asker=asker)
        return asked

    choices, default = ask("oauth-proxy")["idp"]
    assert (choices, default) == (IDPS, "github")
    assert "idp" not in ask("api-key")
