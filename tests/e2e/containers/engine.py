"""The container engine of the end-to-end tier: podman with runc and local stand-in base images.

``setup.sh`` beside this file installs the engine and builds the stand-ins once per machine;
``Podman`` runs podman with that private configuration, so the machine's own is left alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SETUP = Path(__file__).with_name("setup.sh")
CACHE = Path(os.environ.get("MCPGEN_CI_CACHE", "/var/cache/mcpgen-ci"))
# The generated Dockerfile's own ARGs: the real pinned images are replaced, nothing is edited.
STAND_INS = {
    "PYTHON_IMAGE": "localhost/mcpgen-ci/python:3.11-slim",
    "UV_IMAGE": "localhost/mcpgen-ci/uv",
}
# The compose file's service images (by name before the tag) and their stand-ins.
SERVICE_STAND_INS = {
    "redis": "localhost/mcpgen-ci/redis",
    "haproxy": "localhost/mcpgen-ci/haproxy",
}


class EngineUnavailableError(Exception):
    """No container engine could be set up on this machine; the message says why."""


def prepare() -> Podman:
    """Run the (cached, idempotent) setup and return a ready engine."""
    if sys.platform != "linux":
        raise EngineUnavailableError("the container tests need Linux (podman with runc)")
    env = {**os.environ, "MCPGEN_CI_CACHE": str(CACHE)}
    try:
        done = subprocess.run(
            ["bash", str(SETUP)], check=False, env=env, capture_output=True, text=True, timeout=1200
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineUnavailableError(f"{SETUP.name} did not finish: {exc}") from exc
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise EngineUnavailableError(f"{SETUP.name} failed: {reason}")
    return Podman(CACHE / "containers.conf")


@dataclass(frozen=True)
class Podman:
    """podman with the private configuration written by setup.sh."""

    config: Path

    def __call__(
        self, *args: str, timeout: float = 600, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "CONTAINERS_CONF": str(self.config)}
        done = subprocess.run(
            ["podman", *args], check=False, env=env, capture_output=True, text=True, timeout=timeout
        )
        if check:
            assert done.returncode == 0, f"podman {' '.join(args)}:\n{done.stdout}{done.stderr}"
        return done

    def build(self, context: Path, tag: str) -> None:
        """Build ``context``'s Dockerfile, unchanged, against the stand-in base images."""
        build_args = [f"--build-arg={name}={image}" for name, image in STAND_INS.items()]
        # --format docker keeps HEALTHCHECK (OCI image configs have no field for it);
        # --network host: uv inside the build reaches the package index like the host does.
        options = ["--pull=never", "--network=host", "--format=docker", *build_args]
        self("build", *options, "--tag", tag, str(context), timeout=900)

    def compose(self, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """podman-compose (the dev extra's) in ``project``, with this engine's configuration."""
        command = [str(Path(sys.executable).with_name("podman-compose")), *args]
        env = {**os.environ, "CONTAINERS_CONF": str(self.config)}
        done = subprocess.run(
            command, check=False, cwd=project, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}{done.stderr}"
        return done

    def image_size(self, tag: str) -> int:
        """The image's size in bytes, as the engine reports it."""
        return int(self("image", "inspect", "--format", "{{.Size}}", tag).stdout.strip())
