"""HTTP authentication: this project was generated without auth (``--auth none``).

Anyone who can reach the HTTP port can call every tool. Regenerate with ``--auth api-key``
(or add a ``TokenVerifier`` here) before exposing the server beyond localhost.
"""

from __future__ import annotations

from fastmcp.server.auth import TokenVerifier

from minimal_stdio.settings import Settings


def build_verifier(settings: Settings) -> TokenVerifier | None:
    """No verifier: the server runs without authentication."""
    return None


def configuration_problem(settings: Settings) -> str | None:
    """Auth modes this project was not generated with cannot be switched on by settings."""
    if settings.auth != "none":
        return f"MCP_AUTH={settings.auth} is not configured in this project; set MCP_AUTH=none."
    return None
