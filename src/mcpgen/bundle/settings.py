"""The settings a server documents in ``.env.example``, read as the bundle's ``user_config``.

``.env.example`` is the project's documented contract for its settings: one ``NAME=default``
line each, described by the comment lines above it. Commented-out assignments are optional
extras (Redis, tracing) the server runs without, so they are not asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_SECRET = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD|PASSWD|DSN|CREDENTIAL|PRIVATE)", re.IGNORECASE)
# A desktop host starts the bundle over stdio: these configure the HTTP transport only, so a
# user installing the bundle is never asked for them.
HTTP_ONLY = frozenset({"MCP_TRANSPORT", "MCP_HOST", "MCP_PORT", "MCP_STATELESS_HTTP", "MCP_AUTH"})
_HTTP_ONLY_PREFIXES = ("MCP_API_KEY", "MCP_JWT_", "MCP_OAUTH_", "MCP_PUBLIC_BASE_URL")


@dataclass(frozen=True)
class Setting:
    """One documented environment variable."""

    name: str
    default: str
    description: str

    @property
    def sensitive(self) -> bool:
        """Names like ``*_KEY``, ``*_TOKEN``, ``*_SECRET``, ``*_PASSWORD``, ``*_DSN``."""
        return bool(_SECRET.search(self.name))

    @property
    def required(self) -> bool:
        """A secret without a default: the integration cannot work without it.

        An empty non-secret default is meaningful (e.g. "empty: the bundled demo database").
        """
        return self.sensitive and self.default == ""

    @property
    def http_only(self) -> bool:
        """Configures the HTTP transport, meaningless for a stdio host."""
        return self.name in HTTP_ONLY or self.name.startswith(_HTTP_ONLY_PREFIXES)

    @property
    def kind(self) -> str:
        """The ``user_config`` type its default suggests: boolean, number or string."""
        if self.default.lower() in ("true", "false"):
            return "boolean"
        if re.fullmatch(r"-?\d+(\.\d+)?", self.default):
            return "number"
        return "string"


def parse(text: str) -> list[Setting]:
    """Every ``NAME=value`` line of an ``.env.example`` with the comment block above it."""
    found: list[Setting] = []
    comments: list[str] = []
    previous = ""  # consecutive assignments share the comment above the first one
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            comments, previous = [], ""
        elif line.startswith("#"):
            comments.append(line.lstrip("#").strip())
        elif match := _ASSIGNMENT.match(line):
            name, value = match.groups()
            previous = " ".join(comments) or previous
            found.append(Setting(name, _unquote(value.strip()), previous or f"Sets {name}."))
            comments = []
    return found


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
