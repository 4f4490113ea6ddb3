"""Spawn an MCP server over stdio and time how long it takes to answer ``tools/list``."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from timing import BenchError

PROTOCOL_VERSION = "2025-06-18"


def _send(process: subprocess.Popen[bytes], message: dict[str, Any]) -> None:
    assert process.stdin is not None
    process.stdin.write((json.dumps(message) + "\n").encode())
    process.stdin.flush()


def _answer(process: subprocess.Popen[bytes], request_id: int) -> dict[str, Any]:
    assert process.stdout is not None
    while True:
        line = process.stdout.readline()
        if not line:
            raise BenchError(f"the server exited before answering request {request_id}")
        message: dict[str, Any] = json.loads(line)
        if message.get("id") == request_id:
            return message


def time_to_tools_list(
    cmd: Sequence[str | Path],
    *,
    cwd: Path,
    env: Mapping[str, str],
    stderr: Path,
    timeout: float = 60,
) -> tuple[float, int]:
    """Seconds from spawning ``cmd`` to the ``tools/list`` answer, and how many tools it lists.

    The clock runs through process start, imports, ``initialize`` and ``tools/list``: what a
    client waits for. The server is stopped (stdin closed) afterwards; a watchdog kills it if it
    hangs past ``timeout``.
    """
    with stderr.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in cmd],
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _send(process, _initialize())
            _answer(process, 1)
            _send(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
            _send(process, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
            tools = _answer(process, 2)["result"]["tools"]
            elapsed = time.perf_counter() - start
        except (BenchError, KeyError, json.JSONDecodeError) as exc:
            raise BenchError(f"{cmd}: {exc}; stderr in {stderr}") from exc
        finally:
            watchdog.cancel()
            _stop(process)
    return elapsed, len(tools)


def _initialize() -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": PROTOCOL_VERSION,
            "capabilities": {},
            "clientInfo": {"name": "mcpgen-bench", "version": "1"},
        },
    }


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()
