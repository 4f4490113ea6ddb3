"""Redaction of secrets from tool arguments, log lines and error messages.

Two layers: values known to be secret (the configured API keys, connection strings and every
secret-looking environment variable) are replaced wherever they appear, and patterns catch the
rest (passwords in URLs, bearer tokens, ``password=...`` pairs, secret-named argument keys).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import SecretStr

from http_docker.settings import Settings

MASK = "[REDACTED]"

# Argument and variable names whose values are secrets, whatever they look like.
SECRET_NAME = re.compile(
    r"(^|[^a-z0-9])(pass(word|wd|phrase)?|pwd|secrets?|token|api[-_]?keys?|apikey"
    r"|access[-_]?keys?|private[-_]?keys?|credentials?|authorization|cookies?|dsn"
    r"|conn(ection)?[-_]?str(ing)?)($|[^a-z0-9])",
    re.IGNORECASE,
)
# Environment variables that hold connection strings under a harmless-looking name.
SECRET_URL_NAME = re.compile(r"(^|_)(DATABASE|DB|REDIS|POSTGRES|MONGO|AMQP|BROKER)(_|$)", re.I)
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # scheme://user:password@host -> scheme://user:[REDACTED]@host
    re.compile(r"(?P<keep>\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^/\s@]+(?=@)", re.I),
    # Authorization headers and bare bearer tokens.
    re.compile(r"(?P<keep>\b(bearer|basic|token)\s+)[A-Za-z0-9._~+/=-]{8,}", re.I),
    # key=value / key: value pairs with a secret-looking key (query strings, DSNs, JSON).
    re.compile(
        r"(?P<keep>\b[\w.-]*(password|passwd|pwd|secret|token|api[-_]?key|apikey)[\w.-]*"
        r"[\"']?\s*[=:]\s*[\"']?)[^\s\"'&;,}]+",
        re.I,
    ),
)
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_MIN_SECRET_LENGTH = 6


class Redactor:
    """Replaces known secret values and secret-looking patterns in text and arguments."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        known = {value for value in secrets if len(value) >= _MIN_SECRET_LENGTH}
        # Longest first, so a secret containing another is replaced whole.
        ordered = sorted(known, key=len, reverse=True)
        self._known = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def text(self, text: str) -> str:
        """``text`` with every known secret and secret-looking value replaced."""
        if self._known is not None:
            text = self._known.sub(MASK, text)
        for pattern in _PATTERNS:
            text = pattern.sub(_keep_prefix, text)
        return text

    def value(self, value: Any, key: str = "") -> Any:
        """A copy of an argument value safe to log: secret keys masked, strings scrubbed."""
        if key and is_secret_name(key):
            return MASK
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {str(k): self.value(v, str(k)) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value

    def arguments(self, arguments: Mapping[str, Any] | None) -> dict[str, Any]:
        """Tool arguments safe to log."""
        return {key: self.value(value, key) for key, value in (arguments or {}).items()}


def _keep_prefix(match: re.Match[str]) -> str:
    return match.group("keep") + MASK


def is_secret_name(name: str) -> bool:
    """True for names like ``password``, ``apiKey``, ``GITHUB_TOKEN`` or ``db_dsn``."""
    return SECRET_NAME.search(_CAMEL_HUMP.sub("_", name)) is not None


def secrets_from_environment(environ: Mapping[str, str] | None = None) -> list[str]:
    """Values of environment variables whose names say they hold secrets or credentials."""
    environ = os.environ if environ is None else environ
    return [
        value
        for name, value in environ.items()
        if is_secret_name(name) or SECRET_URL_NAME.search(name)
    ]


def redactor_for(settings: Settings) -> Redactor:
    """A redactor that knows every secret in the settings and the environment."""
    secrets = secrets_from_environment()
    for value in vars(settings).values():
        if isinstance(value, SecretStr):
            secret = value.get_secret_value()
            secrets += [secret, *(part.strip() for part in secret.split(","))]
    return Redactor(secrets)
