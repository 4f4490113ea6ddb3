"""Token auth modes (jwt, oauth, oauth-proxy) in the server template: files, settings, lint, types.

The generated projects' own tests (401/200 matrix against a local JWKS) run in the e2e tier.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from support import render_each, run_tool

MATRIX = [
    {"transport": transport, "auth": auth}
    for transport, auth in itertools.product(
        ["stdio", "http", "sse"], ["none", "api-key", "jwt", "oauth", "oauth-proxy"]
    )
]
TOKEN_MODES = ("jwt", "oauth")
IDPS = ("github", "google", "entra", "auth0", "workos", "oidc")


def _id(answers: dict[str, Any]) -> str:
    return f"{answers['transport']}-{answers['auth']}"


@pytest.fixture(scope="session")
def rendered_auth(copie_session: Any) -> dict[str, Path]:
    """Every transport x auth combination, rendered once (without Docker)."""
    return render_each(copie_session, MATRIX, _id, project_name="auth-demo", docker=False)


@pytest.mark.parametrize("answers", MATRIX, ids=_id)
def test_token_auth_files_follow_the_mode(
    rendered_auth: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered_auth[_id(answers)]
    token_mode = answers["auth"] in TOKEN_MODES
    proxy = answers["auth"] == "oauth-proxy"
    assert (root / "src/auth_demo/tools/admin.py").is_file() == (token_mode or proxy)
    # A stdio project (no Docker) has no HTTP code, so no HTTP token tests.
    http = answers["transport"] != "stdio"
    assert (root / "tests/test_auth_tokens.py").is_file() == (token_mode and http)
    for module in ("src/auth_demo/oauth_store.py", "src/auth_demo/scope_challenge.py"):
        assert (root / module).is_file() == (proxy and http)
    assert (root / "tests/test_oauth_proxy.py").is_file() == (proxy and http)
    # A stdio project's settings and .env.example have no HTTP settings either.
    env_example = (root / ".env.example").read_text()
    assert ("MCP_JWT_JWKS_URI=\n" in env_example) == (token_mode and http)
    public_url = answers["auth"] in ("oauth", "oauth-proxy")
    assert ("MCP_PUBLIC_BASE_URL=\n" in env_example) == (public_url and http)
    assert ("MCP_OAUTH_CLIENT_SECRET=\n" in env_example) == (proxy and http)
    assert (f"MCP_AUTH={answers['auth']}\n" in env_example) == http
    assert ("MCP_STATELESS_HTTP=false\n" in env_example) == http
    settings = (root / "src/auth_demo/settings.py").read_text()
    for field in ("    host: ", "    auth: ", "    api_key: ", "    allowed_hosts: "):
        assert (field in settings) == http, field


@pytest.mark.parametrize("auth", TOKEN_MODES)
def test_token_settings_have_no_defaults_to_trust(
    rendered_auth: dict[str, Path], auth: str
) -> None:
    settings = (rendered_auth[f"http-{auth}"] / "src/auth_demo/settings.py").read_text()
    for field in ("jwt_jwks_uri", "jwt_issuer", "jwt_audience"):
        assert f"{field}: str | None = Field(\n        default=None" in settings or (
            f"{field}: str | None = Field(default=None" in settings
        ), field


@pytest.mark.parametrize("auth", TOKEN_MODES)
def test_auth_module_uses_fastmcp_verifiers(rendered_auth: dict[str, Path], auth: str) -> None:
    source = (rendered_auth[f"http-{auth}"] / "src/auth_demo/auth.py").read_text()
    assert "JWTVerifier(" in source
    assert ("RemoteAuthProvider(" in source) == (auth == "oauth")
    admin = (rendered_auth[f"http-{auth}"] / "src/auth_demo/tools/admin.py").read_text()
    assert "auth=require_scopes(ADMIN_SCOPE)" in admin


def test_rendered_auth_projects_are_ruff_clean(rendered_auth: dict[str, Path]) -> None:
    for answers in MATRIX:
        root = rendered_auth[_id(answers)]
        run_tool("ruff", "check", "--no-cache", ".", cwd=root)
        run_tool("ruff", "format", "--check", "--no-cache", ".", cwd=root)


@pytest.mark.parametrize("auth", TOKEN_MODES)
def test_token_auth_projects_pass_mypy_strict(rendered_auth: dict[str, Path], auth: str) -> None:
    run_tool("mypy", "--no-incremental", "src", "tests", cwd=rendered_auth[f"http-{auth}"])


@pytest.fixture(scope="session")
def rendered_idps(copie_session: Any) -> dict[str, Path]:
    """An HTTP oauth-proxy project per identity provider."""
    variants = [{"idp": idp} for idp in IDPS]
    return render_each(
        copie_session,
        variants,
        lambda answers: str(answers["idp"]),
        project_name="auth-demo",
        transport="http",
        auth="oauth-proxy",
        docker=False,
    )


@pytest.mark.parametrize("idp", IDPS)
def test_oauth_proxy_builds_on_fastmcps_provider_for_the_idp(
    rendered_idps: dict[str, Path], idp: str
) -> None:
    source = (rendered_idps[idp] / "src/auth_demo/auth.py").read_text()
    provider = {
        "github": "providers.github import GitHubProvider",
        "google": "providers.google import GoogleProvider",
        "entra": "providers.azure import AzureProvider",
        "auth0": "providers.auth0 import Auth0Provider",
        "workos": "providers.workos import WorkOSProvider",
        "oidc": "oidc_proxy import OIDCProxy",
    }[idp]
    assert f"from fastmcp.server.auth.{provider}" in source
    assert "require_authorization_consent=True" in source
    assert "enable_cimd=True" in source
    settings = (rendered_idps[idp] / "src/auth_demo/settings.py").read_text()
    for secret in ("oauth_client_secret", "oauth_jwt_signing_key", "oauth_storage_encryption_key"):
        assert f"{secret}: SecretStr | None = Field(\n        default=None" in settings


def test_oauth_proxy_projects_are_ruff_clean_and_pass_mypy_strict(
    rendered_idps: dict[str, Path],
) -> None:
    for root in rendered_idps.values():
        run_tool("ruff", "check", "--no-cache", ".", cwd=root)
        run_tool("ruff", "format", "--check", "--no-cache", ".", cwd=root)
    run_tool("mypy", "--no-incremental", "src", "tests", cwd=rendered_idps["oidc"])
