"""``--auth oauth-proxy --idp oidc`` end to end, against a real OpenID provider and a real browser.

The commands of ``docs/connect.md`` are read from the page and run here (the identity
provider swapped for the local one, the URL for the test server's).

- The identity provider is npm's ``oidc-provider`` (OpenID Certified) run by
  ``tests/e2e/oidc/provider.mjs`` on 127.0.0.1, with a test user and its login and consent pages.
- The browser is Debian's ``chromium``, headless, driven by ``playwright-core``
  (``tests/e2e/oidc/browser.mjs``).
- The MCP client is fastmcp's ``Client`` with its OAuth flow, in another process
  (``tests/e2e/oidc/mcp_client.py``); a second client is written out by hand with httpx, to
  replay a code and try redirect URIs a real client never would.
- The generated server runs as real processes on real ports, sharing a real Redis.

The npm packages are installed once per machine into ``/tmp/mcpgen-cache`` (``.ci/run`` warms it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx2 as httpx
import pytest
from support import Generated, free_port, mcpgen, project_env, running, wait_for_http

pytestmark = pytest.mark.e2e

HERE = Path(__file__).parent / "oidc"
GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "connect.md").read_text(encoding="utf-8")
PACKAGES = ("oidc-provider@9.13.3", "playwright-core@1.65.1")
CACHE = Path(
    os.environ.get("MCPGEN_OAUTH_E2E_CACHE")
    or Path(tempfile.gettempdir()) / "mcpgen-cache" / "oauth-e2e-oidc9.13.3-pw1.65.1"
)
CHROMIUM = os.environ.get("MCPGEN_CHROMIUM", "/usr/bin/chromium")
UPSTREAM_CLIENT = "mcp-proxy"
UPSTREAM_SECRET = secrets.token_urlsafe(24)
MCP_ACCEPT = {"Accept": "application/json, text/event-stream"}
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "e2e", "version": "1"},
    },
}


def documented(marker: str) -> list[str]:
    """The command between ``<!-- marker -->`` and its end marker in docs/connect.md, as words."""
    block = GUIDE.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    lines = [line for line in block.strip().splitlines() if not line.startswith("```")]
    assert len(lines) == 1, f"{marker}: expected one command, found {lines}"
    return shlex.split(lines[0])


def node_modules() -> Path:
    """The pinned npm packages, installed into the cache once."""
    modules = CACHE / "node_modules"
    if not all((modules / name.rsplit("@", 1)[0] / "package.json").is_file() for name in PACKAGES):
        npm = shutil.which("npm")
        assert npm, "npm is needed (apt-get install -y nodejs npm)"
        done = subprocess.run(
            [npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", *PACKAGES],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return modules


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The provider and browser scripts next to the cached node_modules (ESM resolves there)."""
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is needed (apt-get install -y chromium)"
    assert shutil.which("node"), "node is needed (apt-get install -y nodejs)"
    directory = tmp_path_factory.mktemp("oidc-scripts")
    (directory / "node_modules").symlink_to(node_modules())
    for script in ("provider.mjs", "browser.mjs"):
        shutil.copy(HERE / script, directory / script)
    return directory


@contextmanager
def process(command: list[str], cwd: Path, env: dict[str, str], ready: str) -> Iterator[None]:
    """Run ``command`` until the test is done; wait for ``ready`` (a URL) to answer."""
    with tempfile.TemporaryFile(mode="w+") as log:
        started = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log, text=True)
        try:
            try:
                wait_for_http(ready, timeout=30)
            except AssertionError:
                log.seek(0)
                raise AssertionError(f"{command[0]} did not start:\n{log.read()}") from None
            yield
        finally:
            started.terminate()
            started.wait(timeout=10)


@contextmanager
def redis_server(port: int) -> Iterator[None]:
    """A throwaway redis-server on 127.0.0.1:``port`` (no persistence)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed: apt-get install -y redis-server"
    command = [
        binary,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    started = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield
    finally:
        started.terminate()
        started.wait(timeout=10)


@dataclass
class Stack:
    """The identity provider, Redis and the generated project, and how to start servers."""

    project: Generated
    scripts: Path
    idp: str
    redis_url: str
    public: str
    port: int
    keys: dict[str, str] = field(default_factory=dict)

    def env(self, public: str | None = None) -> dict[str, str]:
        """A server's settings: everything from the environment, secrets included."""
        return {
            "MCP_TRANSPORT": "http",
            "MCP_AUTH": "oauth-proxy",
            "MCP_PUBLIC_BASE_URL": public or self.public,
            "MCP_OAUTH_CLIENT_ID": UPSTREAM_CLIENT,
            "MCP_OAUTH_CLIENT_SECRET": UPSTREAM_SECRET,
            "MCP_OAUTH_CONFIG_URL": f"{self.idp}/.well-known/openid-configuration",
            "MCP_OAUTH_REQUIRED_SCOPES": "openid",
            # Clients may also ask for the scope tools/admin.py needs (never a default).
            "MCP_OAUTH_OPTIONAL_SCOPES": "admin",
            "MCP_REDIS_URL": self.redis_url,
            "MCP_RATE_LIMIT_DEFAULT": "1000/minute",
            **self.keys,
        }

    def server(self, port: int, public: str | None = None) -> Any:
        """A context manager running the server on ``port`` (behind ``public``)."""
        return running([str(self.project.executable)], self.project.root, self.env(public), port)

    def browse(self, url: str, stop_at: str = "") -> dict[str, Any]:
        """Open ``url`` in the headless browser; what it saw."""
        report = self.scripts / f"report-{secrets.token_hex(4)}.json"
        subprocess.run(
            ["node", "browser.mjs", url],
            cwd=self.scripts,
            env={**os.environ, "BROWSER_REPORT": str(report), "BROWSER_STOP_AT": stop_at},
            timeout=120,
            check=True,
        )
        return dict(json.loads(report.read_text()))


@pytest.fixture(scope="module")
def stack(generate_project: Callable[..., Generated], scripts: Path) -> Iterator[Stack]:
    """Redis, the OpenID provider and the generated project (``--idp oidc``), installed."""
    command = documented("oauth-new")
    assert command[:2] == ["mcpgen", "new"] and "--idp" in command
    options = command[3:]
    options[options.index("--idp") + 1] = "oidc"  # the local provider stands in
    project = generate_project(command[2], *options, "--no-docker")
    key_command = [sys.executable, *documented("oauth-key")[1:]]
    keys = [subprocess.run(key_command, capture_output=True, text=True, check=True).stdout.strip()]
    keys.append(
        subprocess.run(key_command, capture_output=True, text=True, check=True).stdout.strip()
    )
    assert len(keys[0]) >= 32 and keys[0] != keys[1]
    project.uv("sync", "--quiet", "--extra", "redis")
    idp_port, redis_port, port = free_port(), free_port(), free_port()
    public = f"http://127.0.0.1:{port}"
    idp_env = {
        **os.environ,
        "OIDC_PORT": str(idp_port),
        "OIDC_CLIENT_ID": UPSTREAM_CLIENT,
        "OIDC_CLIENT_SECRET": UPSTREAM_SECRET,
        "OIDC_REDIRECT_URIS": f"{public}/auth/callback",
    }
    idp = f"http://127.0.0.1:{idp_port}"
    with ExitStack() as stack_:
        stack_.enter_context(redis_server(redis_port))
        stack_.enter_context(
            process(
                ["node", "provider.mjs"],
                scripts,
                idp_env,
                f"{idp}/.well-known/openid-configuration",
            )
        )
        yield Stack(
            project=project,
            scripts=scripts,
            idp=idp,
            redis_url=f"redis://127.0.0.1:{redis_port}/0",
            public=public,
            port=port,
            keys={
                "MCP_OAUTH_JWT_SIGNING_KEY": keys[0],
                "MCP_OAUTH_STORAGE_ENCRYPTION_KEY": keys[1],
            },
        )


def initialize(base: str, token: str) -> httpx.Response:
    """An MCP initialize request with ``token``."""
    headers = MCP_ACCEPT | {"Authorization": f"Bearer {token}"}
    return httpx.post(f"{base}/mcp", json=INITIALIZE, headers=headers, timeout=30)


def call(base: str, token: str, tool: str, arguments: dict[str, Any]) -> httpx.Response:
    """Open a session with ``token`` and call ``tool``; the HTTP response of the call."""
    opened = initialize(base, token)
    assert opened.status_code == 200, opened.text
    headers = MCP_ACCEPT | {
        "Authorization": f"Bearer {token}",
        "Mcp-Session-Id": opened.headers["mcp-session-id"],
    }
    notified = {"jsonrpc": "2.0", "method": "notifications/initialized"}
    httpx.post(f"{base}/mcp", json=notified, headers=headers, timeout=30)
    message = {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {"name": tool, "arguments": arguments},
    }
    return httpx.post(f"{base}/mcp", json=message, headers=headers, timeout=30)


def connect_with_fastmcp(stack: Stack, base: str) -> dict[str, Any]:
    """fastmcp's Client runs the whole flow; the Playwright browser plays the user."""
    opener = stack.scripts / "open-browser.sh"
    report = stack.scripts / "fastmcp-browser.json"
    # webbrowser.open waits for $BROWSER; the client's callback server must keep answering.
    opener.write_text(
        f'#!/bin/sh\ncd "{stack.scripts}" && BROWSER_REPORT="{report}" '
        'node browser.mjs "$1" >/dev/null 2>&1 &\n'
    )
    opener.chmod(0o755)
    done = subprocess.run(
        [str(stack.project.python), str(HERE / "mcp_client.py"), f"{base}/mcp"],
        env=project_env({"BROWSER": f"{opener} %s"}),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    browser = json.loads(report.read_text()) if report.is_file() else None
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\nbrowser: {browser}"
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "browser": browser}


def pkce() -> tuple[str, str]:
    """A PKCE verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def revoke(stack: Stack, client_id: str) -> None:
    """The documented revocation command, in the project's environment with its settings."""
    command = documented("oauth-revoke")
    assert command[:3] == ["python", "-m", f"{stack.project.package}.oauth_store"]
    command = [str(stack.project.python), *command[1:-1], client_id]
    done = stack.project.run(*command, env=stack.env())
    assert f"revoked {client_id}" in done.stdout


def second_client(stack: Stack, base: str) -> tuple[str, dict[str, Any]]:
    """A client written out by hand: DCR, bent and honest authorizations, code and refresh."""
    redirect = f"http://127.0.0.1:{free_port()}/callback"
    registered = httpx.post(
        f"{base}/register",
        json={
            "redirect_uris": [redirect],
            "client_name": "second client",
            "scope": "openid admin",
            "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
        },
        timeout=30,
    )
    assert registered.status_code == 201, registered.text
    client_id = registered.json()["client_id"]
    verifier, challenge_value = pkce()
    state = secrets.token_urlsafe(16)
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect,
        "state": state,
        "code_challenge": challenge_value,
        "code_challenge_method": "S256",
        "scope": "openid admin",  # the step up the 403 asked the first client for
        "resource": f"{base}/mcp",
    }
    for wrong in ("https://attacker.example.com/callback", redirect + "/other"):
        bent = httpx.get(f"{base}/authorize", params=query | {"redirect_uri": wrong})
        assert bent.status_code == 400, (wrong, bent.status_code, bent.headers)
        assert not bent.headers.get("location", "").startswith(wrong)
    seen = stack.browse(f"{base}/authorize?{urlencode(query)}", stop_at=redirect)
    assert seen["error"] is None, seen
    assert seen["pages"][0] == "proxy-consent", "a new client must be consented to"
    returned = parse_qs(urlsplit(seen["final"]).query)
    assert returned["state"] == [state]
    exchange = {
        "grant_type": "authorization_code",
        "code": returned["code"][0],
        "redirect_uri": redirect,
        "client_id": client_id,
        "code_verifier": verifier,
    }
    issued = httpx.post(f"{base}/token", data=exchange, timeout=30)
    assert issued.status_code == 200, issued.text
    replayed = httpx.post(f"{base}/token", data=exchange, timeout=30)
    # FastMCP answers invalid_grant with 401, as the MCP spec asks for invalid tokens.
    assert replayed.status_code == 401
    assert replayed.json()["error"] == "invalid_grant"
    second = issued.json()
    refresh = {
        "grant_type": "refresh_token",
        "refresh_token": second["refresh_token"],
        "client_id": client_id,
    }
    renewed = httpx.post(f"{base}/token", data=refresh, timeout=30)
    assert renewed.status_code == 200, renewed.text
    reused = httpx.post(f"{base}/token", data=refresh, timeout=30)
    assert reused.status_code in (400, 401), "a refresh token is rotated on use"
    return client_id, renewed.json()


def test_a_connector_signs_in_through_a_real_provider_and_every_rule_holds(stack: Stack) -> None:
    base, replica_port, other_port = stack.public, free_port(), free_port()
    with stack.server(stack.port) as served:
        assert served == base
        # 1. A real MCP client: discovery, DCR, browser sign-in and consent, PKCE, tools.
        connected = connect_with_fastmcp(stack, base)
        assert connected["hello"] == "Hello, OAuth!"
        assert "hello" in connected["tools"] and "server_info" not in connected["tools"]
        assert connected["browser"]["pages"] == ["proxy-consent", "idp-login", "idp-consent"]
        token = connected["access_token"]

        # 1b. client-config writes the URL only, checked up to the sign-in page.
        config = stack.scripts / "mcp.json"
        command = documented("oauth-client-config")
        command[command.index("--url") + 1] = f"{base}/mcp"
        configured = mcpgen(
            *command[1:],
            *("--project", str(stack.project.root), "--config-path", str(config)),
            cwd=stack.scripts,
        )
        assert configured.returncode == 0, configured.stdout + configured.stderr
        assert "sign in through OAuth" in " ".join(configured.stderr.split())
        entry = json.loads(config.read_text())["servers"][stack.project.script]
        assert entry == {"type": "http", "url": f"{base}/mcp"}

        # 2. A tool that needs a scope answers 403 naming it.
        refused = call(base, token, "server_info", {})
        assert refused.status_code == 403
        challenge = refused.headers["www-authenticate"]
        assert 'error="insufficient_scope"' in challenge and 'scope="admin"' in challenge
        assert f'resource_metadata="{base}/.well-known/oauth-protected-resource/mcp"' in challenge

        # 2b. A Client ID Metadata Document is never fetched from a private address (SSRF).
        _, challenge_value = pkce()
        cimd = {
            "response_type": "code",
            "client_id": f"https://127.0.0.1:{stack.port}/client.json",
            "redirect_uri": "http://127.0.0.1:9/callback",
            "state": "s",
            "code_challenge": challenge_value,
            "code_challenge_method": "S256",
        }
        assert httpx.get(f"{base}/authorize", params=cimd, timeout=30).status_code == 400

        # 3. A second client: unregistered redirect URIs refused, consent asked, code single-use.
        client_id, second = second_client(stack, base)

        # 3b. With the admin scope granted, the scoped tool answers.
        stepped_up = call(base, second["access_token"], "server_info", {})
        assert stepped_up.status_code == 200 and "uptime_seconds" in stepped_up.text

    # 4. The tokens survive a restart and work on a second replica sharing Redis.
    with stack.server(stack.port):
        assert call(base, token, "hello", {"name": "again"}).status_code == 200
    with stack.server(replica_port) as replica:
        answered = call(replica, token, "hello", {"name": "replica"})
        assert answered.status_code == 200 and "Hello, replica!" in answered.text
        assert call(replica, second["access_token"], "hello", {"name": "2"}).status_code == 200
        # 5. A revoked client's tokens stop working everywhere; its refresh token too.
        revoke(stack, client_id)
        assert initialize(replica, second["access_token"]).status_code == 401
        refresh = {
            "grant_type": "refresh_token",
            "refresh_token": second["refresh_token"],
            "client_id": client_id,
        }
        assert httpx.post(f"{replica}/token", data=refresh, timeout=30).status_code in (400, 401)
        assert call(replica, token, "hello", {"name": "first client"}).status_code == 200

    # 6. A token issued for this server is refused by another resource (same keys and store).
    with stack.server(other_port, public=f"http://localhost:{other_port}") as other:
        assert initialize(other, token).status_code == 401
