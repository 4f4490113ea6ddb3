"""Timing primitives: run a command, alternate cases side by side, summarise repetitions."""

from __future__ import annotations

import os
import shlex
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


class BenchError(RuntimeError):
    """A measured command failed; the message carries its output."""


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for measured commands: no colour, wide, offline uv, no stray venv."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "UV_PYTHON_DOWNLOADS": "never"}
    # Measure the steady state a user sees: bytecode caches written by the warm-up round. With
    # PYTHONDONTWRITEBYTECODE (set in some CI and sandbox shells) and uv's uncompiled installs,
    # every run would recompile every module and time the compiler (~3x slower start-ups).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for key in list(env):
        if key.startswith(("MCP_", "POSTGRES_", "OTEL_")) or key in ("VIRTUAL_ENV", "PYTHONPATH"):
            del env[key]
    env.update(extra or {})
    return env


def run(
    cmd: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> str:
    """Run ``cmd``; return its stdout, or raise BenchError with its output when it fails."""
    args = [str(part) for part in cmd]
    try:
        done = subprocess.run(
            args,
            cwd=cwd,
            env=dict(env) if env is not None else clean_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{shlex.join(args)} timed out after {timeout:g} s") from exc
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip()[-2000:]
        raise BenchError(f"{shlex.join(args)} exited {done.returncode}:\n{tail}")
    return done.stdout


def timed(cmd: Sequence[str | Path], **kwargs: object) -> float:
    """Wall-clock seconds taken by ``cmd`` (which must succeed)."""
    start = time.perf_counter()
    run(cmd, **kwargs)  # type: ignore[arg-type]
    return time.perf_counter() - start


def alternate(
    cases: Mapping[str, Callable[[], float]], repetitions: int, *, warmup: bool = True
) -> dict[str, list[float]]:
    """Time every case once per repetition, rotating the order so drift hits all alike.

    Each case returns its own measurement (so it can exclude set-up and clean-up). One untimed
    round first fills the OS and bytecode caches.
    """
    names = list(cases)
    if warmup:
        for name in names:
            cases[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(repetitions):
        shift = rep % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(cases[name]())
    return samples


def summary(samples: Sequence[float]) -> dict[str, object]:
    """Median, spread and the raw samples (seconds), as stored in the JSON results."""
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": [round(sample, 4) for sample in samples],
    }


def ratio(value: float, baseline: float) -> float:
    """``value / baseline``; infinite when the baseline is zero."""
    return value / baseline if baseline else float("inf")
