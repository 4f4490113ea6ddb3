"""Who is calling: the one identity that rate limits and session caps are counted against.

A user of a token issuer (``iss`` and ``sub`` of a verified JWT) where there is one, so that
the users of one shared OAuth client each get their own budget; else the authenticated client
(an API key's identifier); else, without auth, the client's network address as seen after the
reverse proxies named in ``MCP_TRUSTED_PROXIES``. Never anything a caller can choose freely.
"""

from __future__ import annotations

from mcp.server.auth.provider import AccessToken
from starlette.types import Scope


def caller_identity(token: AccessToken | None, address: str | None) -> str:
    """``user:<issuer> <subject>``, ``client:<id>``, ``address:<ip>`` or ``local`` (stdio)."""
    if token is not None:
        if token.subject:
            issuer = (token.claims or {}).get("iss") or ""
            return f"user:{issuer} {token.subject}"
        if token.client_id:
            return f"client:{token.client_id}"
    if address is None:
        return "local"
    return f"address:{address}"


def scope_identity(scope: Scope) -> str:
    """The caller of an HTTP request, from the ASGI scope (after authentication)."""
    token = getattr(scope.get("user"), "access_token", None)
    client = scope.get("client")
    return caller_identity(
        token if isinstance(token, AccessToken) else None,
        client[0] if client else "unknown",
    )
