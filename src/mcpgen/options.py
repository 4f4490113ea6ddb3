"""Answers for the server template: option values, validation, defaults and the questions.

Every value is validated by the same function whether it came from an option, a prompt or
``update --set``. Options are checked before the first question is asked, and a wrong answer
at a prompt is asked again (see ``resolve_answers``), so no answer is ever thrown away.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mcpgen import __version__, suggest
from mcpgen.errors import MCPGenError, UsageError
from mcpgen.names import project_name

TRANSPORTS = ("stdio", "http", "sse")
AUTH_MODES = ("none", "api-key", "jwt", "oauth", "oauth-proxy")
# Upstream identity providers the OAuth proxy (--auth oauth-proxy) can front; oidc is any
# provider with OpenID discovery.
IDPS = ("github", "google", "entra", "auth0", "workos", "oidc")
# Where the project can be deployed beyond Docker; each target adds files under deploy/.
DEPLOY_TARGETS = ("none", "kubernetes")
PYTHON_VERSIONS = ("3.11", "3.12", "3.13", "3.14")
MAX_LINE = 200
# What build backends accept in pyproject's ``authors``: a dot-atom local part and a domain.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


class InvalidValue(UsageError):
    """A value an option or a prompt does not accept: the reason, and what to use instead."""

    def __init__(self, option: str, reason: str, hint: str) -> None:
        super().__init__(f"Invalid value for {option}: {reason}.", hint=hint)
        self.reason = reason


def _git_config(key: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        found = subprocess.run(
            [git, "config", "--get", key], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


def serves_http(answers: Mapping[str, Any]) -> bool:
    """Whether the project serves HTTP: a non-stdio default transport, or a Docker image."""
    return answers.get("transport", "stdio") != "stdio" or bool(answers.get("docker"))


def defaults(answers: dict[str, Any]) -> dict[str, Any]:
    """Default for every question not yet answered; later defaults depend on earlier answers."""
    transport = answers.get("transport") or "stdio"
    return {
        "description": "An MCP server built with FastMCP.",
        "author_name": _git_config("user.name") or "Your Name",
        "author_email": _git_config("user.email") or "you@example.com",
        "python_version": "3.11",
        "transport": transport,
        "http_port": 8000,
        # A container or a cluster serves HTTP even when the default transport is stdio.
        "auth": "api-key" if serves_http({**answers, "transport": transport}) else "none",
        "idp": "github",
        "docker": transport != "stdio",
        "deploy": "none",
        "rate_limit": serves_http({**answers, "transport": transport}),
        "otel": False,
    }


def _choice(option: str, allowed: Iterable[str]) -> Callable[[Any], Any]:
    allowed = tuple(allowed)

    def check(value: Any) -> Any:
        if value not in allowed:
            reason = f"{value!r} is not one of the choices"
            raise InvalidValue(option, reason, _hint(value, allowed))
        return value

    return check


def _hint(value: Any, allowed: tuple[str, ...]) -> str:
    return suggest.hint(str(value), allowed)


def _port(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise InvalidValue("--port", f"{value!r} is not a port", "Use a number from 1 to 65535.")
    return value


def _one_line(option: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = str(value)
        if len(text) > MAX_LINE or any(ord(char) < 32 or ord(char) == 127 for char in text):
            raise InvalidValue(
                option,
                f"it must be one line of at most {MAX_LINE} printable characters",
                "Remove line breaks and control characters, or shorten it.",
            )
        return text

    return check


def _author(value: Any) -> str:
    text = _one_line("--author")(value).strip()
    if not text:
        raise InvalidValue("--author", "it is empty", "Give a name, e.g. 'Ada Lovelace'.")
    return text


def _email(value: Any) -> str:
    text = _one_line("--email")(value).strip()
    if not _EMAIL.fullmatch(text):
        raise InvalidValue(
            "--email", f"{text!r} is not an e-mail address", "Use an address like ada@example.com."
        )
    return text


def _bool(option: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        answer = str(value).strip().lower()
        if answer in ("y", "yes", "true", "on", "1"):
            return True
        if answer in ("n", "no", "false", "off", "0"):
            return False
        raise InvalidValue(option, f"{value!r} is not yes or no", "Answer y or n.")

    return check


# Key order is the prompt order: a question comes after the answers its default depends on.
VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "description": _one_line("--description"),
    "author_name": _author,
    "author_email": _email,
    "python_version": _choice("--python", PYTHON_VERSIONS),
    "transport": _choice("--transport", TRANSPORTS),
    "docker": _bool("--docker"),
    "http_port": _port,
    "auth": _choice("--auth", AUTH_MODES),
    "idp": _choice("--idp", IDPS),
    "rate_limit": _bool("--rate-limit"),
    "deploy": _choice("--deploy", DEPLOY_TARGETS),
    "otel": _bool("--otel"),
}


@dataclass(frozen=True)
class Question:
    """One question of ``mcpgen new``: its text, its choices and when it is worth asking."""

    key: str
    label: str
    choices: tuple[str, ...] = ()
    applies: Callable[[Mapping[str, Any]], bool] = lambda answers: True


QUESTIONS: dict[str, Question] = {
    question.key: question
    for question in (
        Question("description", "Description (one line)"),
        Question("author_name", "Author"),
        Question("author_email", "Author e-mail"),
        Question("python_version", "Minimum Python version", PYTHON_VERSIONS),
        Question("transport", "Default transport", TRANSPORTS),
        Question("docker", "Dockerfile and compose file?"),
        Question("http_port", "HTTP port", applies=serves_http),
        Question("auth", "HTTP auth", AUTH_MODES, applies=serves_http),
        Question(
            "idp",
            "Identity provider the OAuth proxy signs users in with",
            IDPS,
            applies=lambda answers: serves_http(answers) and answers.get("auth") == "oauth-proxy",
        ),
        Question("rate_limit", "Rate limits on tool calls?", applies=serves_http),
        Question(
            "deploy",
            "Deployment manifests",
            DEPLOY_TARGETS,
            applies=lambda answers: bool(answers.get("docker")),
        ),
        Question("otel", "OpenTelemetry tracing?"),
    )
}


class Asker(Protocol):
    """Asks one question and returns what was typed ("" takes the default).

    ``problem`` is None the first time; after a wrong answer it says what was wrong and
    what to type instead, and the same question is asked again.
    """

    def __call__(self, question: Question, default: Any, problem: str | None) -> Any:
        """The raw answer."""


def ask_until_valid(
    question: Question, default: Any, asker: Asker, validate: Callable[[Any], Any]
) -> Any:
    """Ask ``question`` until ``validate`` accepts the answer; never gives up on the user."""
    problem: str | None = None
    while True:
        raw = asker(question, default, problem)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raw = default
        try:
            return validate(raw)
        except InvalidValue as exc:
            problem = f"{exc.reason[:1].upper()}{exc.reason[1:]}. {exc.hint}"
        except MCPGenError as exc:
            problem = f"{exc.message} {exc.hint or ''}".strip()


def check_given(given: Mapping[str, Any]) -> dict[str, Any]:
    """The values given as options, validated, before any question is asked."""
    checked = {key: VALIDATORS[key](value) for key, value in given.items() if value is not None}
    if checked.get("deploy", "none") != "none" and checked.get("docker") is False:
        raise UsageError(
            f"--deploy {checked['deploy']} needs the Docker image, but --no-docker was given.",
            hint="Drop --no-docker, or choose --deploy none.",
        )
    if checked.get("deploy", "none") != "none":
        checked.setdefault("docker", True)  # known before the HTTP questions that depend on it
    if "idp" in checked and checked.setdefault("auth", "oauth-proxy") != "oauth-proxy":
        raise UsageError(
            f"--idp {checked['idp']} is for --auth oauth-proxy, but --auth {checked['auth']} "
            "was given.",
            hint="Use --auth oauth-proxy, or drop --idp.",
        )
    return checked


def resolve_answers(
    name: str, given: dict[str, Any], *, ask: bool, asker: Asker | None = None
) -> dict[str, Any]:
    """Every answer for the server template: given values, else asked, else the default.

    Only questions that apply to the earlier answers are asked (no port for a stdio server).
    """
    names = project_name(name)
    checked = check_given(given)
    answers: dict[str, Any] = {
        "mcpgen_version": __version__,
        "project_name": names.dist,
        "package_name": names.package,
    }
    if ask and asker is None:
        from mcpgen.prompts import ask_on_terminal

        asker = ask_on_terminal
    for key, validate in VALIDATORS.items():
        question = QUESTIONS[key]
        if key in checked:
            answers[key] = checked[key]
        elif ask and asker is not None and question.applies(answers):
            answers[key] = ask_until_valid(question, defaults(answers)[key], asker, validate)
        else:
            answers[key] = _default(key, answers, validate)
    return _deploy_needs_docker(answers)


def _default(key: str, answers: dict[str, Any], validate: Callable[[Any], Any]) -> Any:
    """The default answer; author defaults come from git config, which may hold anything."""
    try:
        return validate(defaults(answers)[key])
    except InvalidValue as exc:
        option = {"author_name": "--author", "author_email": "--email"}.get(key, key)
        raise UsageError(
            f"{exc.message[:-1]} (the default, taken from your git configuration).",
            hint=f"Pass {option} explicitly, or fix it with 'git config --global'.",
        ) from None


def _deploy_needs_docker(answers: dict[str, Any]) -> dict[str, Any]:
    """A deploy target runs the Docker image, so it switches Docker on."""
    if answers["deploy"] == "none" or answers["docker"]:
        return answers
    return {**answers, "docker": True}


def parse_components(with_: str | None, tools: Iterable[str] = ()) -> list[str]:
    """Kinds from ``--with a,b`` and repeated ``--tool``, in order, without repeats, checked."""
    from mcpgen import catalog

    kinds = [part.strip() for part in (with_ or "").split(",") if part.strip()]
    kinds += [tool.strip() for tool in tools if tool.strip()]
    for kind in kinds:
        found = catalog.get(kind)  # checked before anything is rendered
        if not found.new_can_add:
            needs = "--name NAME" if found.needs_name else f"{found.option} ..."
            raise UsageError(
                f"The {found.label} needs {needs}, which 'new --with' cannot pass.",
                hint=f"Create the project first, then: mcpgen add-tool {kind} {needs}",
            )
    return list(dict.fromkeys(kinds))


def _components_answer(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    text = str(value).strip()
    return [] if text.lower() in ("", "none", "no", "-") else parse_components(text)


def _integration_choices() -> tuple[str, ...]:
    from mcpgen import catalog

    return tuple(name for name, kind in catalog.KINDS.items() if kind.new_can_add)


def ask_components(asker: Asker) -> list[str]:
    """Which integrations to add (several at once, comma-separated)."""
    label = "Integrations to add, comma-separated"
    question = Question("components", label, _integration_choices())
    return list(ask_until_valid(question, "none", asker, _components_answer))


def ask_install(asker: Asker) -> bool:
    """Whether to install the project and run its tests right away."""
    question = Question("install", "Install dependencies (uv sync) and run the tests now?")
    return bool(ask_until_valid(question, False, asker, _bool("--install")))
