"""The generated Dockerfile, built and run for real with podman.

Each variant is generated through the real ``mcpgen`` command, its Dockerfile is built unchanged
(only the base images are local stand-ins, passed through the Dockerfile's own ARGs) and the
image is run the way the compose file and the Kubernetes profile run it: read-only root file
system, as uid 10001, health-checked, then stopped with SIGTERM. Set-up: containers/setup.sh.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e.containers.engine import (
    SERVICE_STAND_INS,
    STAND_INS,
    EngineUnavailableError,
    Podman,
    prepare,
)
from support import free_port, mcpgen, wait_for_http

pytestmark = pytest.mark.e2e

API_KEY = "e2e-container-key-0123456789abcdef"
ISSUER = "https://issuer.test"
GRACE_SECONDS = 10  # stop timeout; Kubernetes' default grace period is 30 s
# The name another branch gives the public-host allow-list; loopback is what the tests use.
ALLOWED_HOSTS = {"MCP_ALLOWED_HOSTS": "127.0.0.1,localhost"}

VARIANTS = {
    # stdio by default, but the image always serves HTTP: so it defaults to an API key
    "stdio": ("--transport", "stdio", "--docker"),
    "api-key-integrations": (
        "--transport", "http", "--auth", "api-key", "--with", "weather,sqlite",
        "--deploy", "kubernetes",
    ),
    "jwt": ("--transport", "http", "--auth", "jwt", "--docker"),
}  # fmt: skip


@dataclass(frozen=True)
class Image:
    """A built image of a generated project."""

    variant: str
    tag: str
    root: Path


@dataclass(frozen=True)
class Issuer:
    """A stand-in identity provider: its signing key and where its JWKS is served."""

    keys: Any
    jwks_uri: str

    def token(self) -> str:
        return str(
            self.keys.create_token(
                subject="e2e-user",
                issuer=ISSUER,
                audience="box-jwt",
                expires_in_seconds=300,
                kid="e2e",
            )
        )


@dataclass
class Container:
    """A running container of an image, published on 127.0.0.1."""

    podman: Podman
    name: str
    base: str

    def exec(self, *command: str, check: bool = True) -> str:
        return self.podman("exec", self.name, *command, check=check).stdout


@pytest.fixture(scope="module")
def podman() -> Podman:
    try:
        return prepare()
    except EngineUnavailableError as exc:
        if os.environ.get("MCPGEN_REQUIRE_CONTAINERS"):
            pytest.fail(f"container engine required (MCPGEN_REQUIRE_CONTAINERS): {exc}")
        pytest.skip(f"no container engine: {exc}")


@pytest.fixture(scope="module")
def issuer() -> Iterator[Issuer]:
    """A stand-in identity provider on the host's loopback, serving its JWKS."""
    import uvicorn
    from fastmcp.server.auth.providers.jwt import RSAKeyPair
    from joserfc import jwk
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    keys = RSAKeyPair.generate()
    public = jwk.import_key(keys.public_key, "RSA").as_dict(private=False)
    body = {"keys": [{**public, "kid": "e2e", "use": "sig", "alg": "RS256"}]}

    async def jwks(_: Request) -> JSONResponse:
        return JSONResponse(body)

    app = Starlette(routes=[Route("/jwks.json", jwks)])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "the JWKS server did not start"
        try:
            yield Issuer(keys, f"http://127.0.0.1:{sock.getsockname()[1]}/jwks.json")
        finally:
            server.should_exit = True
            thread.join(timeout=5)


class Deployments:
    """Each variant generated, built and started once, whatever order the tests run in."""

    def __init__(self, podman: Podman, issuer: Issuer, base: Path, config: pytest.Config):
        self.podman, self.issuer, self.base, self.config = podman, issuer, base, config
        self.images: dict[str, Image] = {}
        self.containers: dict[str, Container] = {}

    def image(self, variant: str) -> Image:
        if variant not in self.images:
            self.images[variant] = self._build(variant)
        return self.images[variant]

    def container(self, variant: str) -> Container:
        if variant not in self.containers:
            self.containers[variant] = self.start(variant)
        return self.containers[variant]

    def _build(self, variant: str) -> Image:
        name = f"box-{variant}"
        made = mcpgen("new", name, "--yes", "--no-git", *VARIANTS[variant], cwd=self.base)
        assert made.returncode == 0, made.stdout + made.stderr
        tag = f"localhost/mcpgen-e2e/{name}:latest"
        started = time.monotonic()
        self.podman.build(self.base / name, tag)
        seconds = time.monotonic() - started
        size = self.podman.image_size(tag)
        capture = self.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(f"\n[container e2e] {tag}: image {size / 1e6:.1f} MB, built in {seconds:.0f} s")
        return Image(variant, tag, self.base / name)

    def settings(self, variant: str) -> dict[str, str]:
        if variant == "jwt":
            return {
                "MCP_JWT_JWKS_URI": self.issuer.jwks_uri,
                "MCP_JWT_ISSUER": ISSUER,
                "MCP_JWT_AUDIENCE": "box-jwt",
            }
        return {} if variant == "jwt" else {"MCP_API_KEY": API_KEY}

    def credential(self, variant: str) -> str | None:
        if variant == "jwt":
            return self.issuer.token()
        return API_KEY

    def start(self, variant: str) -> Container:
        """Run the image as in production: read-only root, no capabilities, health-checked.

        The jwt variant shares the host's network so the server reaches the stand-in issuer on
        127.0.0.1 (plain http is allowed only for localhost), and binds to 127.0.0.1 itself;
        the others run on the engine's bridge, the image's 0.0.0.0 port published on 127.0.0.1.
        """
        image = self.image(variant)
        port = free_port()
        name = f"mcpgen-e2e-{variant}-{port}"
        settings = {**self.settings(variant), **ALLOWED_HOSTS}
        if variant == "jwt":
            network = ["--network=host"]
            settings |= {"MCP_HOST": "127.0.0.1", "MCP_PORT": str(port)}
        else:
            network = [f"--publish=127.0.0.1:{port}:8000"]
        env = [f"--env={key}={value}" for key, value in settings.items()]
        self.podman(
            "run",
            "--detach",
            "--name",
            name,
            "--read-only",
            "--cap-drop=ALL",
            "--security-opt=no-new-privileges",
            "--health-interval=disable",
            *network,
            *env,
            image.tag,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(f"{base}/health", timeout=60)
        except AssertionError:
            logs = self.podman("logs", name, check=False)
            self.podman("rm", "--force", "--time=0", name, check=False)
            raise AssertionError(f"{name} did not serve:\n{logs.stdout}{logs.stderr}") from None
        return Container(self.podman, name, base)

    def close(self) -> None:
        for container in self.containers.values():
            self.podman("rm", "--force", "--time=0", container.name, check=False)
        for image in self.images.values():
            self.podman("rmi", "--force", image.tag, check=False)


@pytest.fixture(scope="module")
def deployments(
    podman: Podman,
    issuer: Issuer,
    tmp_path_factory: pytest.TempPathFactory,
    pytestconfig: pytest.Config,
) -> Iterator[Deployments]:
    made = Deployments(podman, issuer, tmp_path_factory.mktemp("container-e2e"), pytestconfig)
    try:
        yield made
    finally:
        made.close()


variants = pytest.mark.parametrize("variant", sorted(VARIANTS))


@variants
def test_runs_as_uid_10001_on_a_read_only_root(deployments: Deployments, variant: str) -> None:
    container = deployments.container(variant)
    assert container.exec("id", "-u").strip() == "10001"
    assert container.exec("id", "-g").strip() == "10001"
    refused = container.podman("exec", container.name, "touch", "/app/probe", check=False)
    assert refused.returncode != 0 and "Read-only file system" in refused.stderr


@variants
def test_health_endpoint_and_the_images_own_healthcheck(
    deployments: Deployments, variant: str
) -> None:
    container = deployments.container(variant)
    with urllib.request.urlopen(f"{container.base}/health", timeout=5) as response:
        assert json.loads(response.read())["status"] == "ok"
    inspect = container.podman(
        "inspect", "--format", "{{json .Config.Healthcheck}}", container.name
    )
    assert json.loads(inspect.stdout)["Test"][1:3] == ["python", "-m"]
    # podman runs exactly the image's HEALTHCHECK command inside the container.
    assert container.podman("healthcheck", "run", container.name, check=False).returncode == 0


def _post_mcp(base: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        f"{base}/mcp",
        data=b'{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
            **headers,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_compose_scale_profile_runs_replicas_behind_haproxy(deployments: Deployments) -> None:
    """docs/deployment.md's scale command, as written, under podman-compose.

    Replaced: the redis and haproxy images (local stand-ins, Debian's packages), the base
    images of the build (through the Dockerfile's own ARGs) and the host port. Then three
    replicas answer through the proxy and a caller's budget is one budget across them.
    """
    image = deployments.image("api-key-integrations")
    docs = (Path(__file__).parents[2] / "docs/deployment.md").read_text()
    command = docs.split("<!-- scale-command -->\n```bash\n", 1)[1].split("\n```", 1)[0]
    assert command == "docker compose --profile scale up -d --build proxy"
    compose = yaml.safe_load((image.root / "docker-compose.yml").read_text())
    services = compose["services"]
    port = free_port()
    assert services["proxy"]["ports"] == ["127.0.0.1:8000:8000"]
    services["proxy"]["ports"] = [f"127.0.0.1:{port}:8000"]
    services["server"]["ports"] = [f"127.0.0.1:{free_port()}:8000"]  # not started: proxy only
    for name in ("redis", "proxy"):
        services[name]["image"] = SERVICE_STAND_INS[services[name]["image"].split(":")[0]]
    services["replica"]["build"] = {"context": ".", "args": STAND_INS}
    (image.root / "compose.e2e.yml").write_text(yaml.safe_dump(compose))
    budget = 4
    env = {"MCP_API_KEY": API_KEY, "MCP_RATE_LIMIT_DEFAULT": f"{budget}/minute", **ALLOWED_HOSTS}
    (image.root / ".env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    podman = deployments.podman
    project = f"scale{port}"
    # podman-compose takes the same words after its own name as `docker compose` does.
    words = command.split()[2:]
    files = ["-f", "compose.e2e.yml", "-p", project]
    try:
        podman.compose(image.root, *files, *words)
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health", timeout=90)
        running = podman("ps", "--filter", f"label=io.podman.compose.project={project}",
                         "--format", "{{.Names}}").stdout.split()  # fmt: skip
        replicas = sorted(name for name in running if "_replica_" in name)
        assert len(replicas) == 3, running
        assert not [name for name in running if "_server_" in name], "only the profile runs"
        _wait_until_balanced(podman, f"{project}_proxy_1", replicas)
        outcomes = asyncio.run(_spend_budget(f"{base}/mcp", calls=3 * budget))
        assert outcomes.count("ok") == budget, outcomes
        assert all(outcome.startswith("Rate limit exceeded") for outcome in outcomes[budget:])
        logs = {name: podman("logs", name) for name in replicas}
        served = [name for name, done in logs.items() if '"tool_call"' in done.stdout + done.stderr]
        assert len(served) >= 2, "calls went to more than one replica"
    finally:
        podman.compose(image.root, *files, "--profile", "scale", "down")


def _wait_until_balanced(podman: Podman, proxy: str, replicas: list[str]) -> None:
    """Until the proxy has resolved every replica and each one's health check passes."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        done = podman("logs", proxy)
        log = done.stdout + done.stderr
        resolved = all(f"replicas/replica{n} " in log for n in range(1, len(replicas) + 1))
        healthy = all(podman("healthcheck", "run", name, check=False).returncode == 0
                      for name in replicas)  # fmt: skip
        if resolved and healthy:
            time.sleep(5)  # two passed checks 2 s apart (haproxy.cfg: inter 2s rise 2)
            return
        time.sleep(1)
    raise AssertionError(f"the proxy never saw every replica healthy:\n{log}")


async def _spend_budget(url: str, calls: int) -> list[str]:
    """Each call in its own session (as separate clients would), in order: 'ok' or the error."""
    from fastmcp import Client
    from fastmcp.exceptions import ToolError

    outcomes = []
    for number in range(calls):
        async with Client(url, auth=API_KEY) as client:
            try:
                await client.call_tool("hello", {"name": f"call {number}"})
                outcomes.append("ok")
            except ToolError as error:
                outcomes.append(str(error))
    return outcomes


@pytest.mark.parametrize("variant", ["stdio", "api-key-integrations", "jwt"])
def test_auth_refuses_and_accepts(deployments: Deployments, variant: str) -> None:
    container = deployments.container(variant)
    credential = deployments.credential(variant)
    assert _post_mcp(container.base, {}) == 401
    assert _post_mcp(container.base, {"Authorization": "Bearer wrong-credential-000000"}) == 401
    assert _post_mcp(container.base, {"Authorization": f"Bearer {credential}"}) != 401


async def _call_tools(url: str, credential: str | None) -> dict[str, Any]:
    from fastmcp import Client

    async with Client(url, auth=credential) as client:
        tools = sorted(tool.name for tool in await client.list_tools())
        hello = await client.call_tool("hello", {"name": "container"})
        tables = None
        if "sqlite_list_tables" in tools:
            tables = repr((await client.call_tool("sqlite_list_tables", {})).data)
    return {"tools": tools, "hello": hello.data, "tables": tables}


@variants
def test_a_real_mcp_client_calls_tools(deployments: Deployments, variant: str) -> None:
    container = deployments.container(variant)
    result = asyncio.run(_call_tools(f"{container.base}/mcp", deployments.credential(variant)))
    assert result["hello"] == "Hello, container!"
    if variant == "api-key-integrations":
        assert {"weather_current", "sqlite_query"} <= set(result["tools"])
        # The demo database is built under /tmp: the read-only root does not get in the way.
        assert "customers" in str(result["tables"])


@variants
def test_sigterm_stops_cleanly_within_the_grace_period(
    deployments: Deployments, variant: str
) -> None:
    container = deployments.start(variant)  # its own: the shared one keeps serving
    try:
        started = time.monotonic()
        container.podman("kill", "--signal=TERM", container.name)
        code = container.podman("wait", container.name, timeout=GRACE_SECONDS + 5).stdout
        elapsed = time.monotonic() - started
        logs = container.podman("logs", container.name)
    finally:
        container.podman("rm", "--force", "--time=0", container.name, check=False)
    assert elapsed < GRACE_SECONDS, f"took {elapsed:.1f} s to stop"
    assert code.strip() == "0", f"exit code {code.strip()} after SIGTERM"
    assert "Application shutdown complete" in logs.stdout + logs.stderr


def _kube_play_file(image: Image, port: int) -> str:
    """The generated ConfigMap and Deployment, with the few changes podman 4.3 needs.

    - the image: the one just built;
    - one replica: podman starts every replica on the same host port;
    - the Secret: podman 4.3.1 cannot read Secrets from kube YAML (containers/podman#17071),
      so the same variables come from a second ConfigMap;
    - hostIP/hostPort: podman publishes containerPorts on the host (a cluster does not);
    - MCP_REDIS_URL: required from the Secret (replicas share one rate-limit budget), but no
      Redis runs here; tests/e2e/test_scaleout_e2e.py runs replicas against a real one.
    """
    deploy = image.root / "deploy"
    config = yaml.safe_load((deploy / "configmap.yaml").read_text())
    deployment = yaml.safe_load((deploy / "deployment.yaml").read_text())
    secret = yaml.safe_load((deploy / "secret.example.yaml").read_text())
    pod = deployment["spec"]["template"]["spec"]
    (server,) = pod["containers"]
    deployment["spec"]["replicas"] = 1
    server["image"] = image.tag
    server["ports"][0] |= {"hostIP": "127.0.0.1", "hostPort": port}
    stand_in = f"{secret['metadata']['name']}-stand-in"
    (secret_ref,) = [source for source in server["envFrom"] if "secretRef" in source]
    assert secret_ref["secretRef"]["name"] == secret["metadata"]["name"]
    server["envFrom"].remove(secret_ref)
    (redis,) = [item for item in server["env"] if item["name"] == "MCP_REDIS_URL"]
    assert redis["valueFrom"]["secretKeyRef"]["name"] == secret["metadata"]["name"]
    server["env"].remove(redis)
    server["envFrom"].append({"configMapRef": {"name": stand_in}})
    values = {**secret["stringData"], "MCP_API_KEY": API_KEY, **ALLOWED_HOSTS}
    del values["MCP_REDIS_URL"]
    stand_in_map = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": stand_in},
        "data": values,
    }
    return yaml.safe_dump_all([config, stand_in_map, deployment])


@contextmanager
def _kube_play(podman: Podman, manifest: Path) -> Iterator[None]:
    try:
        podman("kube", "play", str(manifest))
        yield
    finally:
        podman("kube", "down", str(manifest), check=False)


def test_kubernetes_manifests_run_under_podman_kube_play(
    deployments: Deployments, tmp_path: Path
) -> None:
    image = deployments.image("api-key-integrations")
    port = free_port()
    manifest = tmp_path / "play.yaml"
    manifest.write_text(_kube_play_file(image, port))
    name = yaml.safe_load((image.root / "deploy/deployment.yaml").read_text())["metadata"]["name"]
    podman = deployments.podman
    with _kube_play(podman, manifest):
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health", timeout=60)
        server = f"{name}-pod-0-server"
        assert podman("exec", server, "id", "-u").stdout.strip() == "10001"
        refused = podman("exec", server, "touch", "/app/probe", check=False)
        assert "Read-only file system" in refused.stderr, "readOnlyRootFilesystem applies"
        podman("exec", server, "touch", "/tmp/probe")  # the emptyDir at /tmp is writable
        environment = podman("exec", server, "env").stdout.splitlines()
        assert "MCP_STATELESS_HTTP=true" in environment
        assert "MCP_AUTH=api-key" in environment, "the ConfigMap reaches the server"
        limits = podman("inspect", server, "--format", "{{.HostConfig.Memory}}").stdout
        assert int(limits) == 512 * 1024 * 1024
        assert _post_mcp(base, {}) == 401
        assert _post_mcp(base, {"Authorization": f"Bearer {API_KEY}"}) != 401


def test_compose_file_runs_under_podman_compose(deployments: Deployments) -> None:
    """The generated docker-compose.yml as written, except the host port (a free one here)."""
    image = deployments.image("api-key-integrations")
    compose = yaml.safe_load((image.root / "docker-compose.yml").read_text())
    server = compose["services"]["server"]
    port = free_port()
    (published,) = server["ports"]
    assert published == "127.0.0.1:8000:8000", "compose publishes on loopback only"
    server["ports"] = [f"127.0.0.1:{port}:8000"]
    (image.root / "compose.e2e.yml").write_text(yaml.safe_dump(compose))
    env = {"MCP_API_KEY": API_KEY, **ALLOWED_HOSTS}
    (image.root / ".env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    podman = deployments.podman
    podman("tag", image.tag, f"localhost/{server['image']}")
    files = ["-f", "compose.e2e.yml", "-p", f"e2e{port}"]
    try:
        podman.compose(image.root, *files, "up", "-d", "--no-build")
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health", timeout=60)
        name = podman("ps", "--filter", f"label=io.podman.compose.project=e2e{port}",
                      "--format", "{{.Names}}").stdout.split()[0]  # fmt: skip
        assert podman("exec", name, "id", "-u").stdout.strip() == "10001"
        # compose's healthcheck (the same command as the image's), run by the engine
        assert podman("healthcheck", "run", name, check=False).returncode == 0
        assert _post_mcp(base, {}) == 401, "the key comes from .env"
        assert _post_mcp(base, {"Authorization": f"Bearer {API_KEY}"}) != 401
    finally:
        podman.compose(image.root, *files, "down")
        podman("rmi", f"localhost/{server['image']}", check=False)
