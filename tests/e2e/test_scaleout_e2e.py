"""Scale-out on real parts: three stateless replicas behind HAProxy, sharing one Redis.

The project is generated with the real ``mcpgen new`` (Docker on, so it has the compose scale
profile's ``haproxy.cfg``) and installed with its ``redis`` extra. The balancer runs that
generated configuration with only what differs outside compose: loopback addresses for the
listener and the three replicas instead of compose's DNS, and a stats socket for the test to
read the balancer's view. Calls go through fastmcp's ``Client`` in another process.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import Generated, free_port, project_env, wait_for_http

pytestmark = pytest.mark.e2e

# One API key per test: each key is a caller with budgets of its own, so the tests sharing the
# cluster never spend each other's.
KEYS = {name: f"e2e-scaleout-{name}-key-0123456789" for name in ("budget", "load", "redis", "host")}
BUDGETED = "search_documents"  # the tool with a small budget; ``hello`` has a huge one
BUDGET = "10/minute"
SBIN = "/usr/sbin:/usr/local/sbin"  # Debian's haproxy, off the PATH of non-root users
PUBLIC_HOST = "mcp.example.test"  # the name clients use; the replicas allow only it (and loopback)
OPTIONS = (
    *("--transport", "http", "--auth", "api-key", "--rate-limit", "--docker", "--no-otel"),
    *("--with", "examples"),  # search_documents, the tool given a small budget
)

# Calls TOOL from WORKERS concurrent clients, CALLS each, through the balancer; prints one JSON
# line per call as it completes: the worker, the answer's text, whether it is an error.
CLIENT = """
import asyncio, json, sys
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport

url, key, host, tool = sys.argv[1:5]
workers, calls = map(int, sys.argv[5:7])

async def worker(index: int) -> None:
    # A forwarding header of the client's choosing: the balancer must replace it.
    headers = {"Host": host, "X-Forwarded-For": f"203.0.113.{index + 1}"}
    transport = StreamableHttpTransport(url, headers=headers, auth=key or None)
    try:
        async with Client(transport, timeout=60) as client:
            for call in range(calls):
                arguments = {"name": f"w{index}c{call}"} if tool == "hello" else {"query": "travel"}
                result = await client.call_tool(tool, arguments, raise_on_error=False)
                line = {"worker": index, "text": result.content[0].text, "error": result.is_error}
                print(json.dumps(line), flush=True)
    except Exception as exc:  # a lost call: reported, never swallowed
        print(json.dumps({"worker": index, "exception": repr(exc)}), flush=True)

async def main() -> None:
    await asyncio.gather(*(worker(index) for index in range(workers)))

asyncio.run(main())
"""


@dataclass
class Replica:
    """One server process on a loopback port, its log in a file."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def calls(self) -> list[dict[str, object]]:
        """The audit log's tool-call lines this replica wrote."""
        lines = self.log.read_text(errors="replace").splitlines()
        parsed = [json.loads(line) for line in lines if line.startswith("{")]
        return [line for line in parsed if line.get("event") == "tool_call"]


@dataclass
class Cluster:
    """Redis, the replicas and the balancer in front of them."""

    url: str  # the balancer
    replicas: list[Replica]
    redis: subprocess.Popen[bytes]
    redis_port: int
    stats_socket: Path
    env: dict[str, str]  # the replicas' settings

    def states(self) -> dict[str, dict[str, str]]:
        """The balancer's view of each replica: HAProxy's ``show stat`` rows by server name."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.stats_socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        header, *rows = data.decode().strip().splitlines()
        names = header.lstrip("# ").split(",")
        table = [dict(zip(names, row.split(","), strict=False)) for row in rows]
        return {row["svname"]: row for row in table if row["pxname"] == "replicas"}

    def wait_for_states(self, wanted: dict[str, str], timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while True:
            states = {name: row["status"] for name, row in self.states().items()}
            if all(states.get(name, "").startswith(status) for name, status in wanted.items()):
                return
            assert time.monotonic() < deadline, f"balancer states {states}, wanted {wanted}"
            time.sleep(0.2)


def balancer_config(generated: str, listen: int, replicas: list[int], stats: Path) -> str:
    """The generated haproxy.cfg with loopback addresses in place of compose's DNS."""
    sections: list[list[str]] = []
    for line in generated.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            sections.append([])
        if sections:
            sections[-1].append(line)
    out: list[str] = []
    for section in sections:
        if section[0].startswith("resolvers"):
            continue
        for line in section:
            words = line.split()
            if words[:1] == ["bind"]:
                out.append(f"    bind 127.0.0.1:{listen}")
            elif words[:1] == ["server-template"]:
                assert "check" in words, line
                out += [
                    f"    server r{i} 127.0.0.1:{port} check" for i, port in enumerate(replicas)
                ]
            else:
                out.append(line)
        if section[0] == "global":
            out.append(f"    stats socket {stats} mode 600 level admin")
    return "\n".join(out) + "\n"


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_listening(port: int, what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not _listening(port):
        assert time.monotonic() < deadline, f"{what} did not listen on {port}"
        time.sleep(0.05)


def _stop_all(replicas: list[Replica]) -> None:
    for replica in replicas:
        _stop(replica.process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_redis(port: int) -> subprocess.Popen[bytes]:
    """A throwaway redis-server on 127.0.0.1:``port`` (no persistence), listening."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed: apt-get install -y redis-server"
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([binary, *args], stdout=subprocess.DEVNULL)
    _wait_listening(port, "redis-server")
    return process


def _terminate(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def project(generate_project: Callable[..., Generated]) -> Generated:
    generated = generate_project("e2e-scale", *OPTIONS)
    generated.uv("sync", "--locked", "--quiet", "--extra", "redis")
    return generated


@contextmanager
def running_cluster(project: Generated, directory: Path, **settings: str) -> Iterator[Cluster]:
    """Redis, three replicas with ``settings``, and HAProxy in front of them."""
    haproxy = shutil.which("haproxy") or shutil.which("haproxy", path=SBIN)
    assert haproxy, "haproxy is needed: apt-get install -y haproxy"
    directory.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        redis_port = free_port()
        redis = start_redis(redis_port)
        made: list[Cluster] = []
        # The test may have replaced Redis (an outage and a recovery): stop the current one.
        stack.callback(lambda: _terminate(made[0].redis if made else redis))
        env = {
            "MCP_API_KEY": ",".join(KEYS.values()),
            "MCP_STATELESS_HTTP": "true",
            "MCP_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "MCP_ALLOWED_HOSTS": PUBLIC_HOST,
            "MCP_TRUSTED_PROXIES": "127.0.0.1",  # the balancer's address, and only it
            "MCP_RATE_LIMIT_DEFAULT": "100000/minute",
            "MCP_RATE_LIMIT_TOOLS": json.dumps({BUDGETED: BUDGET}),
            **settings,
        }
        replicas = [
            start_replica(project, directory / f"replica{i}.log", env, free_port())
            for i in range(3)
        ]
        # The list, not its items: a test may replace a replica it killed.
        stack.callback(lambda: _stop_all(replicas))
        for replica in replicas:
            wait_for_http(f"http://127.0.0.1:{replica.port}/health", timeout=60)
        listen, stats = free_port(), directory / "haproxy.sock"
        config = directory / "haproxy.cfg"
        generated = (project.root / "haproxy.cfg").read_text()
        config.write_text(balancer_config(generated, listen, [r.port for r in replicas], stats))
        checked = subprocess.run([haproxy, "-c", "-f", config], capture_output=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        with (directory / "haproxy.log").open("wb") as log:
            balancer = subprocess.Popen([haproxy, "-db", "-f", config], stdout=log, stderr=log)
        stack.callback(_stop, balancer)
        _wait_listening(listen, "haproxy")
        cluster = Cluster(f"http://127.0.0.1:{listen}", replicas, redis, redis_port, stats, env)
        made.append(cluster)
        cluster.wait_for_states(dict.fromkeys(("r0", "r1", "r2"), "UP"))
        yield cluster


@pytest.fixture(scope="module")
def cluster(project: Generated, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One cluster for the module: each test leaves it as it found it, all three replicas up."""
    with running_cluster(project, tmp_path_factory.mktemp("cluster")) as made:
        yield made


def start_replica(project: Generated, log: Path, env: dict[str, str], port: int) -> Replica:
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [str(project.executable), "--transport", "http"],
            cwd=project.root,
            env=project_env({**env, "MCP_PORT": str(port)}),
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    return Replica(port, process, log)


def start_clients(
    project: Generated, cluster: Cluster, key: str, *, tool: str = "hello", workers: int, calls: int
) -> subprocess.Popen[str]:
    script = project.root / "e2e_scaleout_client.py"
    script.write_text(CLIENT)
    url = f"{cluster.url}/mcp"
    args = [str(project.python), str(script), url, key, PUBLIC_HOST, tool, str(workers), str(calls)]
    return subprocess.Popen(
        args, cwd=project.root, env=project_env(), stdout=subprocess.PIPE, text=True
    )


def results(clients: subprocess.Popen[str], timeout: float = 120) -> list[dict[str, object]]:
    """The client lines not read yet. Read through the same text wrapper as any earlier
    readline(): communicate() with a timeout reads the raw pipe and drops what that wrapper
    had already buffered (a call "lost" without an error)."""
    assert clients.stdout is not None
    timer = threading.Timer(timeout, clients.kill)
    timer.start()
    try:
        out = clients.stdout.read()
    finally:
        timer.cancel()
    clients.wait()
    return [json.loads(line) for line in out.splitlines()]


def _check_budget(project: Generated, cluster: Cluster, key: str) -> list[int]:
    """30 calls from 3 concurrent clients against a budget of 10; the calls each replica served."""
    before = [len(replica.calls()) for replica in cluster.replicas]
    calls = results(start_clients(project, cluster, key, tool=BUDGETED, workers=3, calls=10))
    assert len(calls) == 30 and not [call for call in calls if "exception" in call], calls
    answered = [call for call in calls if not call["error"]]
    refused = [call for call in calls if str(call["text"]).startswith("Rate limit exceeded")]
    assert (len(answered), len(refused)) == (10, 20), calls
    after = [len(replica.calls()) for replica in cluster.replicas]
    return [now - then for now, then in zip(after, before, strict=True)]


def test_one_budget_holds_across_replicas(project: Generated, cluster: Cluster) -> None:
    served = _check_budget(project, cluster, KEYS["budget"])
    assert sum(served) == 30 and all(served), f"calls per replica: {served}"


def test_forged_forwarding_headers_buy_no_budget(project: Generated, tmp_path: Path) -> None:
    """Without auth the budget is the client address's, taken from X-Forwarded-For. Each of the
    three clients sends one of its own; the balancer replaces it with the address it sees, so
    the three share one budget (believed, the forged ones would buy 30 answers)."""
    with running_cluster(project, tmp_path, MCP_AUTH="none") as unauthenticated:
        _check_budget(project, unauthenticated, "")


def test_a_replica_killed_mid_load_loses_no_call(project: Generated, cluster: Cluster) -> None:
    clients = start_clients(project, cluster, KEYS["load"], workers=4, calls=150)
    assert clients.stdout is not None
    before = [clients.stdout.readline() for _ in range(60)]
    victim = cluster.replicas[1]
    served = len(victim.calls())
    victim.process.kill()  # SIGKILL: no graceful shutdown, in-flight calls die with it
    try:
        calls = [json.loads(line) for line in before] + results(clients)
        lost = [call for call in calls if "exception" in call or call["error"]]
        per_worker = Counter(call["worker"] for call in calls)
        assert not lost and per_worker == dict.fromkeys(range(4), 150), (lost, per_worker)
        assert served > 0, "the killed replica had been serving"
        cluster.wait_for_states({"r0": "UP", "r1": "DOWN", "r2": "UP"})
        stats = cluster.states()
        retried = sum(int(row["wretr"] or 0) + int(row["wredis"] or 0) for row in stats.values())
        assert retried > 0, "the balancer sent the killed replica's calls elsewhere"
    finally:
        victim.process.wait()
        cluster.replicas[1] = start_replica(project, victim.log, cluster.env, victim.port)
        wait_for_http(f"http://127.0.0.1:{victim.port}/health", timeout=60)
        cluster.wait_for_states({"r1": "UP"})


def _status(url: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_redis_going_away_takes_every_replica_out_until_it_returns(
    project: Generated, cluster: Cluster
) -> None:
    _terminate(cluster.redis)
    try:
        for replica in cluster.replicas:
            assert _status(f"http://127.0.0.1:{replica.port}/health") == 503
        cluster.wait_for_states(dict.fromkeys(("r0", "r1", "r2"), "DOWN"))
        assert _status(f"{cluster.url}/health") == 503, "the balancer reports no healthy replica"
    finally:
        cluster.redis = start_redis(cluster.redis_port)
    cluster.wait_for_states(dict.fromkeys(("r0", "r1", "r2"), "UP"))
    assert _status(f"{cluster.url}/health") == 200
    calls = results(start_clients(project, cluster, KEYS["redis"], workers=1, calls=3))
    assert [call["text"] for call in calls] == [f"Hello, w0c{i}!" for i in range(3)]


def test_the_host_guard_holds_behind_the_balancer(cluster: Cluster) -> None:
    message = b'{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json, text/event-stream",
        "Authorization": f"Bearer {KEYS['host']}",
    }
    assert _status(f"{cluster.url}/mcp", {**headers, "Host": PUBLIC_HOST}, message) == 200
    assert _status(f"{cluster.url}/mcp", {**headers, "Host": "evil.example"}, message) == 421
