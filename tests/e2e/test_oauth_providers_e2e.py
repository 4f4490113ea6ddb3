"""Every ``--idp`` the OAuth proxy offers, generated, installed and run through its own tests.

``test_oauth_e2e`` signs in for real against a local OpenID provider; the hosted providers
(GitHub, Google, Entra ID, Auth0, WorkOS) cannot be reached from CI, so each one's project is
held to its own suite: metadata, challenges, refused authorize requests (a foreign redirect,
plain PKCE, another server named as the resource), fail-closed settings and revocation.
Entra's provider drops the ``resource`` parameter before FastMCP checks it: that is how a
request naming another server once got a consent page there, and what this file guards.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support import Generated

pytestmark = pytest.mark.e2e

PROVIDERS = ("github", "google", "entra", "auth0", "workos", "oidc")


@pytest.mark.parametrize("idp", PROVIDERS)
def test_each_provider_passes_its_own_oauth_tests(
    idp: str, generate_project: Callable[..., Generated]
) -> None:
    project = generate_project(f"idp-{idp}", "--transport", "http", "--idp", idp)
    project.uv("run", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_oauth_proxy.py")
    project.uv("run", "mypy")
