"""Masks secrets in text and tool arguments: known secret values, then secret-looking patterns."""

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, SecretStr

MASK = "[REDACTED]"
# Names whose values are secrets, whatever they look like.
SECRET_NAME = re.compile(
    r"(^|[^a-z0-9])(pass(word|wd|phrase)?|pwd|secrets?|token|api[-_]?keys?|apikey"
    r"|access[-_]?keys?|private[-_]?keys?|credentials?|authorization|cookies?|dsn"
    r"|conn(ection)?[-_]?str(ing)?)($|[^a-z0-9])",
    re.IGNORECASE,
)
# Environment variables holding connection strings under a harmless-looking name.
SECRET_URL_NAME = re.compile(r"(^|_)(DATABASE|DB|REDIS|POSTGRES|MONGO|AMQP|BROKER)(_|$)", re.I)
PATTERNS = (
    # scheme://user:password@host
    re.compile(r"(?P<keep>\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^/\s@]+(?=@)", re.I),
    # Authorization headers and bare bearer tokens.
    re.compile(r"(?P<keep>\b(bearer|basic|token)\s+)[A-Za-z0-9._~+/=-]{8,}", re.I),
    # key=value / key: value with a secret-looking key (query strings, DSNs, JSON).
    re.compile(
        r"(?P<keep>\b[\w.-]*(password|passwd|pwd|secret|token|api[-_]?key|apikey)[\w.-]*"
        r"[\"']?\s*[=:]\s*[\"']?)[^\s\"'&;,}]+",
        re.I,
    ),
)


def is_secret_name(name: str) -> bool:
    """True for names like ``password``, ``apiKey``, ``GITHUB_TOKEN`` or ``db_dsn``."""
    return SECRET_NAME.search(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)) is not None


class Redactor:
    """Masks the given secret values (6 characters or more) and secret-looking patterns."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole.
        known = sorted({secret for secret in secrets if len(secret) >= 6}, key=len, reverse=True)
        self._known = re.compile("|".join(map(re.escape, known))) if known else None

    def text(self, text: str) -> str:
        """``text`` with every known secret and secret-looking value masked."""
        if self._known is not None:
            text = self._known.sub(MASK, text)
        for pattern in PATTERNS:
            text = pattern.sub(lambda match: match.group("keep") + MASK, text)
        return text

    def arguments(self, arguments: Mapping[str, Any] | None) -> dict[str, Any]:
        """Tool arguments safe to log: values under secret names masked, strings scrubbed."""
        return {key: self._value(value, key) for key, value in (arguments or {}).items()}

    def _value(self, value: Any, key: str = "") -> Any:
        if key and is_secret_name(key):
            return MASK
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {str(k): self._value(v, str(k)) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._value(item) for item in value]
        return value


def redactor_for(settings: BaseModel) -> Redactor:
    """A redactor for the secrets in ``settings`` (and their comma-separated parts) and env."""
    secrets = [*_secrets(settings)]
    secrets += [part.strip() for secret in secrets for part in secret.split(",")]
    secrets += [v for k, v in os.environ.items() if is_secret_name(k) or SECRET_URL_NAME.search(k)]
    return Redactor(secrets)


def _secrets(model: BaseModel) -> Iterator[str]:
    for value in vars(model).values():
        if isinstance(value, SecretStr):
            yield value.get_secret_value()
        elif isinstance(value, BaseModel):  # a nested settings section
            yield from _secrets(value)
