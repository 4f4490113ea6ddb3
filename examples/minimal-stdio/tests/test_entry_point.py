"""The server's command: Ctrl-C ends a stdio server at once; a missing MCP_ENV_FILE is refused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")
termios = pytest.importorskip("termios", reason="pseudo-terminals are POSIX only")

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"},
    },
}


def read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    """What the terminal shows until ``marker`` appears (or the time is up)."""
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        try:
            seen += os.read(fd, 65536)
        except OSError:  # the other side closed
            break
    return seen


def test_first_ctrl_c_in_a_terminal_stops_a_stdio_server() -> None:
    """As the project's command run in a shell: the server, waiting on stdin, gets Ctrl-C."""
    main, child = pty.openpty()
    attrs = termios.tcgetattr(child)
    attrs[3] &= ~termios.ECHO  # the terminal must not echo the request back as "output"
    termios.tcsetattr(child, termios.TCSANOW, attrs)
    env = {**os.environ, "MCP_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "minimal_stdio", "--transport", "stdio"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,  # its own session, so the terminal can be its controlling one
        preexec_fn=lambda: __import__("fcntl").ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(child)
    try:
        os.write(main, json.dumps(INITIALIZE).encode() + b"\n")
        answer = read_until(main, b'"id":1', timeout=30)
        assert b'"id":1' in answer, answer.decode(errors="replace")
        os.write(main, b"\x03")  # Ctrl-C, delivered by the terminal as SIGINT
        started = time.monotonic()
        code = process.wait(timeout=5)
        shown = read_until(main, b"\0", timeout=0.2).decode(errors="replace")
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
        os.close(main)
    assert time.monotonic() - started < 2
    assert code == 128 + signal.SIGINT
    assert "Traceback" not in shown


def test_an_env_file_that_is_not_a_file_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "MCP_ENV_FILE": str(tmp_path / "missing.env")}
    done = subprocess.run(
        [sys.executable, "-m", "minimal_stdio"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "MCP_ENV_FILE=" in done.stderr and "is not a file" in done.stderr
    assert done.stdout == "", "stdout belongs to the protocol"
