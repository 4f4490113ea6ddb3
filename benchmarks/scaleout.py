"""Calls per second through HAProxy: one replica against three, sharing one Redis.

Both set-ups run at once and are measured alternately (medians over the repetitions), each a
generated server with API-key auth, the audit log and Redis-backed rate limits (set high, so
counted but never reached), stateless, behind the project's own ``haproxy.cfg`` with loopback
addresses in place of compose's DNS. Load comes from ``load.py``. Benchmarks are a runner, not
tests: nothing here asserts a speed.

    python benchmarks/scaleout.py [--project DIR] [--clients 1,4,16] [--seconds 3]

Without ``--project`` a project is generated with ``mcpgen new`` under ``--work``. The result
is a markdown section in ``benchmarks/results/scaleout.md``; ``measure()`` and ``markdown()``
are what ``run.py`` calls.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import BenchError, clean_env, run  # noqa: E402

API_KEY = "bench-scaleout-key-" + os.urandom(12).hex()
REPLICA_COUNTS = (1, 3)
SBIN = "/usr/sbin:/usr/local/sbin"  # Debian's haproxy, off the PATH of non-root users


@dataclass(frozen=True)
class Target:
    """A generated project with the redis extra installed."""

    root: Path
    script: str

    def bin(self, name: str) -> Path:
        return self.root / ".venv" / "bin" / name


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{process.args!r} exited with {process.returncode}; see {log}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise BenchError(f"{url} did not answer 200 within {timeout:g} s; see {log}")


def balancer_config(generated: str, listen: int, replicas: list[int]) -> str:
    """The project's haproxy.cfg with loopback addresses in place of compose's DNS."""
    out: list[str] = []
    skipping = False
    for line in generated.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            skipping = line.startswith("resolvers")
        words = line.split()
        if skipping:
            continue
        if words[:1] == ["bind"]:
            out.append(f"    bind 127.0.0.1:{listen}")
        elif words[:1] == ["server-template"]:
            out += [f"    server r{i} 127.0.0.1:{port} check" for i, port in enumerate(replicas)]
        elif words[:1] != ["log"]:  # one access-log line per call would cost the balancer
            out.append(line)
    return "\n".join(out) + "\n"


class Processes:
    """Processes started for the measurement, stopped in reverse order."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[subprocess.Popen[bytes]] = []

    def start(
        self, name: str, cmd: list[Any], env: dict[str, str], cwd: Path
    ) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.logs / f"{name}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [str(part) for part in cmd], cwd=cwd, env=env, stdout=sink, stderr=sink
            )
        self.started.append(process)
        return process, log

    def stop(self) -> None:
        for process in reversed(self.started):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def clusters(target: Target, work: Path) -> Iterator[dict[int, str]]:
    """For each replica count, a running cluster: its balancer's MCP URL."""
    haproxy = shutil.which("haproxy") or shutil.which("haproxy", path=SBIN)
    redis_server = shutil.which("redis-server")
    if not haproxy or not redis_server:
        raise BenchError("needs haproxy and redis-server: apt-get install -y haproxy redis-server")
    generated = target.root / "haproxy.cfg"
    if not generated.is_file():
        raise BenchError(f"{generated} is missing: generate the project with --docker")
    work.mkdir(parents=True, exist_ok=True)
    processes = Processes(work)
    try:
        urls = {}
        for count in REPLICA_COUNTS:
            redis_port = _free_port()
            args = ["--port", redis_port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            processes.start(f"redis-{count}", [redis_server, *args], clean_env(), work)
            settings = {
                "MCP_API_KEY": API_KEY,
                "MCP_STATELESS_HTTP": "true",
                "MCP_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                "MCP_RATE_LIMIT_DEFAULT": "10000000/minute",  # on, counted in Redis, never reached
                "MCP_LOG_LEVEL": "INFO",  # the audit log writes one line per call at INFO
                "FASTMCP_CHECK_FOR_UPDATES": "off",
            }
            ports = []
            for index in range(count):
                port = _free_port()
                cmd = [target.bin(target.script), "--transport", "http", "--port", port]
                env = clean_env({**settings, "MCP_PORT": str(port)})
                process, log = processes.start(f"replica-{count}-{index}", cmd, env, target.root)
                ports.append((port, process, log))
            for port, process, log in ports:
                _wait(f"http://127.0.0.1:{port}/health", process, log)
            listen = _free_port()
            config = work / f"haproxy-{count}.cfg"
            config.write_text(
                balancer_config(generated.read_text(), listen, [p for p, *_ in ports])
            )
            process, log = processes.start(
                f"haproxy-{count}", [haproxy, "-db", "-f", config], clean_env(), work
            )
            _wait(f"http://127.0.0.1:{listen}/health", process, log)
            time.sleep(2.5)  # every server's first check passed (inter 2s): all in rotation
            urls[count] = f"http://127.0.0.1:{listen}/mcp"
        yield urls
    finally:
        processes.stop()


def _load(target: Target, url: str, clients: int, seconds: float) -> dict[str, float]:
    cmd: list[Any] = [target.bin("python"), HERE / "load.py", url, "--clients", clients]
    cmd += ["--seconds", seconds, "--header", f"Authorization: Bearer {API_KEY}"]
    result: dict[str, float] = json.loads(run(cmd, timeout=120 + seconds * 4))
    if not result["calls"] or result["errors"]:
        raise BenchError(f"{url}: {result['errors']} errors in {result['calls']} calls")
    return result


def measure(
    target: Target, work: Path, *, clients: list[int], seconds: float, repetitions: int
) -> dict[str, Any]:
    """calls/s and latency per client count, one replica against three, alternating runs."""
    rows = []
    load_average = os.getloadavg()[0]  # other work on the machine shows in the figures
    with clusters(target, work) as urls:
        for count in clients:
            samples: dict[int, list[dict[str, float]]] = {n: [] for n in REPLICA_COUNTS}
            for repetition in range(repetitions):
                order = REPLICA_COUNTS if repetition % 2 == 0 else REPLICA_COUNTS[::-1]
                for replicas in order:
                    samples[replicas].append(_load(target, urls[replicas], count, seconds))
            row: dict[str, Any] = {"clients": count}
            for replicas, runs in samples.items():
                row[replicas] = {
                    key: statistics.median(run[key] for run in runs)
                    for key in ("calls_per_s", "p50_ms", "p99_ms")
                }
            row["ratio"] = row[3]["calls_per_s"] / row[1]["calls_per_s"]
            rows.append(row)
    return {
        "rows": rows,
        "cores": os.cpu_count(),
        "load_average": load_average,
        "repetitions": repetitions,
        "seconds": seconds,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def markdown(result: dict[str, Any]) -> str:
    """The results as a markdown section."""
    lines = [
        "## Scale-out: calls/s through HAProxy, 1 and 3 replicas sharing one Redis",
        "",
        f"Stateless replicas of the generated server (API key, audit log, rate limits counted in "
        f"Redis), behind the project's `haproxy.cfg`; {result['repetitions']} alternating runs of "
        f"{result['seconds']:g} s each, medians, on {result['cores']} cores shared by the load "
        f"generator, the balancer, Redis and every replica ({result['when']}, load average "
        f"{result['load_average']:.1f} at the start).",
        "",
        "| clients | 1 replica calls/s | 3 replicas calls/s | ratio | p50 ms (1 / 3) "
        "| p99 ms (1 / 3) |",
        "|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        one, three = row[1], row[3]
        lines.append(
            f"| {row['clients']} | {one['calls_per_s']:.0f} | {three['calls_per_s']:.0f} "
            f"| {row['ratio']:.2f}x | {one['p50_ms']:.1f} / {three['p50_ms']:.1f} "
            f"| {one['p99_ms']:.1f} / {three['p99_ms']:.1f} |"
        )
    lines += [
        "",
        "Replicas add throughput only where there are cores for them: on a machine whose cores "
        "the single replica does not saturate, or with replicas on several machines. Here the "
        "ratio shows what three processes gain over one on the same cores, balancer included.",
        "",
    ]
    return "\n".join(lines)


def generate(work: Path) -> Target:
    """A project generated with mcpgen (Docker on, for haproxy.cfg), installed with redis."""
    work.mkdir(parents=True, exist_ok=True)
    root = work / "scale-bench"
    if not (root / ".venv").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        mcpgen = Path(sys.executable).with_name("mcpgen")
        options = ["--transport", "http", "--auth", "api-key", "--rate-limit", "--docker"]
        run([mcpgen, "new", "scale-bench", "--yes", "--no-git", *options], cwd=work)
    target = Target(root, "scale-bench")
    uv = Path(sys.executable).with_name("uv")
    run([uv, "sync", "--locked", "--quiet", "--extra", "redis"], cwd=root)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a generated project (with --docker)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/mcpgen-bench-scaleout"))
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "scaleout.md")
    args = parser.parse_args(argv)
    if args.project:
        target = Target(args.project.resolve(), args.project.resolve().name)
        run([Path(sys.executable).with_name("uv"), "sync", "--locked", "--quiet", "--extra",
             "redis"], cwd=target.root)  # fmt: skip
    else:
        target = generate(args.work)
    clients = [int(count) for count in args.clients.split(",")]
    result = measure(
        target,
        args.work / "run",
        clients=clients,
        seconds=args.seconds,
        repetitions=args.repetitions,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(result))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
