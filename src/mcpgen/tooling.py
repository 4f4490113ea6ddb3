"""External programs mcpgen runs: git and uv, located and invoked with clear failures."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from mcpgen.errors import StepFailedError, ToolMissingError


def uv_executable() -> str:
    """The uv binary: the one installed with mcpgen, else the one on PATH."""
    try:
        from uv import find_uv_bin

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
    if found is None:
        raise ToolMissingError(
            "uv is not installed.", hint=f"Install it with: {sys.executable} -m pip install uv"
        )
    return found


def git_executable() -> str | None:
    """The git binary, or None when git is not installed."""
    return shutil.which("git")


def run(
    command: Sequence[str],
    cwd: Path,
    *,
    what: str,
    env: dict[str, str] | None = None,
    timeout: float = 900,
) -> str:
    """Run ``command`` in ``cwd``; return its combined output or raise StepFailedError."""
    return start(command, cwd, what=what, env=env).wait(timeout)


def start(
    command: Sequence[str],
    cwd: Path,
    *,
    what: str,
    env: dict[str, str] | None = None,
    group: bool = False,
) -> Running:
    """Start ``command`` in ``cwd`` and return at once; :meth:`Running.wait` collects it.

    With ``group``, it runs in a process group of its own (POSIX), so that stopping it also
    ends the programs it started (uv runs Python to inspect interpreters).
    """
    merged = {**os.environ, **(env or {})}
    # A generated project gets its own environment, never the one mcpgen runs in.
    merged.pop("VIRTUAL_ENV", None)
    own_group = group and hasattr(os, "killpg")
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=merged,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        process_group=0 if own_group else None,
    )
    return Running(list(command), cwd, what, process, group=own_group)


class Running:
    """A program started by :func:`start`."""

    def __init__(
        self,
        command: list[str],
        cwd: Path,
        what: str,
        process: subprocess.Popen[str],
        *,
        group: bool = False,
    ) -> None:
        self.command = command
        self.cwd = cwd
        self.what = what
        self.process = process
        self.group = group

    def wait(self, timeout: float = 900) -> str:
        """Its combined output once it has finished, or StepFailedError."""
        try:
            stdout, stderr = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self.stop()
            raise StepFailedError(
                f"{self.what} timed out after {timeout:.0f} s.", hint="Retry."
            ) from exc
        except BaseException:
            self.stop()
            raise
        output = stdout + stderr
        if self.process.returncode != 0:
            tail = "\n".join(output.strip().splitlines()[-15:])
            command = self.command
            raise StepFailedError(
                f"{self.what} failed (exit {self.process.returncode}):\n{tail}",
                hint=f"Run it yourself in {self.cwd}: "
                f"{' '.join(command[:1] and [Path(command[0]).name])} {' '.join(command[1:])}",
            )
        return output

    def stop(self) -> None:
        """End it if it is still running (nothing it wrote is kept by its callers)."""
        if self.process.poll() is None:
            if self.group:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.kill()
        self.process.communicate()
