"""HTTP authentication: this project was generated without auth (``--auth none``).

Anyone who can reach the HTTP port can call every tool. Regenerate with ``--auth api-key``
(or add a ``TokenVerifier`` here) before exposing the server beyond localhost.
"""

from __future__ import annotations

from fastmcp.server.auth import AccessToken, TokenVerifier

from minimal_stdio.settings import Settings


class RejectEverything(TokenVerifier):
    """Answers 401 to every token: what an auth mode this project lacks gets."""

    async def verify_token(self, token: str) -> AccessToken | None:
        """No token is valid."""
        return None


def build_verifier(settings: Settings) -> TokenVerifier | None:
    """No verifier: the server runs without authentication (fails closed for other modes)."""
    return None if settings.auth == "none" else RejectEverything()


def configuration_problem(settings: Settings) -> str | None:
    """Auth modes this project was not generated with cannot be switched on by settings."""
    if settings.auth != "none":
        return f"MCP_AUTH={settings.auth} is not configured in this project; set MCP_AUTH=none."
    return None
