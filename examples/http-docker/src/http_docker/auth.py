"""HTTP authentication: shared API keys, sent as ``Authorization: Bearer`` or ``X-API-Key``.

Auth applies to the HTTP transports only; over stdio the client that spawned the process is
trusted. ``/health`` is a custom route and stays open.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence

from fastmcp.server.auth import AccessToken, TokenVerifier
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

from http_docker.settings import Settings

MIN_KEY_LENGTH = 16
# Words that mark a key as the placeholder of an example file or a document
# (deploy/secret.example.yaml's "replace-with-a-long-random-key", client configs'
# "REPLACE_WITH_MCP_API_KEY", "changeme", "<your-api-key>", ...), never a generated secret.
PLACEHOLDER = re.compile(
    r"replace|change[-_ ]?me|placeholder|example|your[-_ ]?(api[-_ ]?)?key|secret[-_ ]?key"
    r"|^<.*>$|\.\.\.",
    re.IGNORECASE,
)
MIN_DISTINCT_CHARACTERS = 8


def key_problem(key: str) -> str | None:
    """Why ``key`` is not acceptable as an API key (too short, a placeholder), or None."""
    if len(key) < MIN_KEY_LENGTH:
        return f"every key in MCP_API_KEY must be at least {MIN_KEY_LENGTH} characters long."
    if PLACEHOLDER.search(key) or len(set(key)) < MIN_DISTINCT_CHARACTERS:
        return (
            "MCP_API_KEY holds a placeholder, not a secret; generate a key with "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'."
        )
    return None


def key_id(key: str) -> str:
    """A stable, non-secret identifier for a key (for logs and rate limits)."""
    return "key-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def key_digest(key: str) -> bytes:
    """The SHA-256 digest keys are compared by: every comparison is of 32 bytes, so its
    time reveals neither a key's length nor how much of it a guess got right."""
    return hashlib.sha256(key.encode()).digest()


class APIKeyVerifier(TokenVerifier):
    """Accepts any of the configured keys, compared in constant time."""

    def __init__(self, keys: Sequence[str]) -> None:
        super().__init__()
        self._keys = [(key_digest(key), key_id(key)) for key in keys]

    async def verify_token(self, token: str) -> AccessToken | None:
        """Return an access token naming the matched key, or None to answer 401."""
        candidate = key_digest(token)
        matched: str | None = None
        # Compare against every key so the time taken does not reveal which one matched.
        for digest, identifier in self._keys:
            if hmac.compare_digest(candidate, digest):
                matched = identifier
        if matched is None:
            return None
        return AccessToken(token=token, client_id=matched, scopes=[], expires_at=None)

    def get_middleware(self) -> list[Middleware]:
        """FastMCP's bearer-auth middleware, preceded by the ``X-API-Key`` translation."""
        return [Middleware(APIKeyHeaderMiddleware), *super().get_middleware()]


class APIKeyHeaderMiddleware:
    """Lets clients send ``X-API-Key: <key>`` by presenting it as a bearer token."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            key = api_key_header(scope["headers"])
            if key is not None:
                headers = [*scope["headers"], (b"authorization", b"Bearer " + key)]
                scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


def api_key_header(headers: Iterable[tuple[bytes, bytes]]) -> bytes | None:
    """The first ``X-API-Key`` value of a request that has no ``Authorization`` header."""
    key: bytes | None = None
    for name, value in headers:
        if name == b"authorization":
            return None
        if name == b"x-api-key" and key is None:
            key = value
    return key


def build_verifier(settings: Settings) -> TokenVerifier | None:
    """The token verifier for the configured auth mode (None only for ``MCP_AUTH=none``).

    Without usable keys the verifier accepts nothing, so an HTTP app built from incomplete
    settings fails closed even when ``serve()``'s start-up check is bypassed.
    """
    if settings.auth == "none":
        return None
    return APIKeyVerifier(settings.api_keys() if settings.auth == "api-key" else [])


def configuration_problem(settings: Settings) -> str | None:
    """Why the server must not serve HTTP with these settings, or None when it may."""
    if settings.auth in ("jwt", "oauth"):
        return f"MCP_AUTH={settings.auth} is not configured in this project; use api-key or none."
    if settings.auth != "api-key":
        return None
    keys = settings.api_keys()
    if not keys:
        return (
            "MCP_API_KEY is not set; refusing to serve HTTP without authentication. "
            "Set MCP_API_KEY (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            " or MCP_AUTH=none to run without auth."
        )
    return next((problem for problem in map(key_problem, keys) if problem), None)
