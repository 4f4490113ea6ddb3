"""The generated release workflow's local steps, run as written, on a generated Docker project.

The build job's shell steps (tag check, install, tests, ``uv build``, ``mcpgen bundle``, the
release consistency check) run here in order with the variables GitHub would set; then the
artifacts are checked the way PyPI, the registry and a desktop host will read them.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from registry_schema import ServerJson
from support import Generated, mcpgen, project_env, uv_bin

pytestmark = pytest.mark.e2e

NAME = "io.github.alice/release-e2e"
ORIGIN = "https://github.com/alice/release-e2e.git"
REPO_ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def project(generate_project: Callable[..., Generated]) -> Generated:
    made = generate_project("release-e2e", "--transport", "http", "--auth", "api-key")
    done = mcpgen(
        "registry", "--project", str(made.root), "--name", NAME,
        "--image", "ghcr.io/alice/release-e2e", cwd=made.root,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return made


def build_steps(root: Path) -> list[dict[str, Any]]:
    workflow = yaml.safe_load((root / ".github/workflows/release.yml").read_text("utf-8"))
    return [step for step in workflow["jobs"]["build"]["steps"] if "run" in step]


@pytest.fixture(scope="module")
def mcpgen_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout as a wheel: what the workflow's pinned ``mcpgen==X`` stands for here."""
    out = tmp_path_factory.mktemp("mcpgen-wheel")
    subprocess.run(
        [uv_bin(), "build", "--wheel", "--out-dir", str(out), str(REPO_ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return next(out.glob("mcpgen-*.whl"))


def run_step(
    root: Path, step: dict[str, Any], tag: str, wheel: Path
) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(Path(uv_bin()).parent), os.environ.get("PATH", "")])
    env = project_env({"PATH": path, "GITHUB_REF_NAME": tag, "MCPGEN": str(wheel)})
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"]],
        cwd=root,
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def released(project: Generated, mcpgen_wheel: Path) -> Path:
    for step in build_steps(project.root):
        done = run_step(project.root, step, "v0.1.0", mcpgen_wheel)
        assert done.returncode == 0, f"{step['name']}:\n{done.stdout}\n{done.stderr}"
    return project.root / "dist"


def test_a_tag_that_is_not_the_version_stops_the_release(
    project: Generated, mcpgen_wheel: Path
) -> None:
    first = build_steps(project.root)[0]
    done = run_step(project.root, first, "v9.9.9", mcpgen_wheel)
    assert done.returncode != 0
    assert "does not match version 0.1.0" in done.stdout


def test_the_build_job_produces_what_each_registry_checks(
    project: Generated, released: Path
) -> None:
    wheel = next(released.glob("*.whl"))
    assert next(released.glob("*.tar.gz"))
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        description = archive.read(metadata).decode()
    assert f"mcp-name: {NAME}" in description  # what PyPI shows and the registry reads

    server = ServerJson.model_validate_json((project.root / "server.json").read_text("utf-8"))
    kinds = {p.registryType: p for p in server.packages or []}
    assert kinds["pypi"].identifier == "release-e2e" and kinds["pypi"].version == "0.1.0"
    assert kinds["oci"].identifier == "ghcr.io/alice/release-e2e:0.1.0"

    with zipfile.ZipFile(released / "release-e2e-0.1.0.mcpb") as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    assert (manifest["name"], manifest["version"]) == ("release-e2e", "0.1.0")


def test_check_fails_once_the_version_moves_on(project: Generated, released: Path) -> None:
    pyproject = project.root / "pyproject.toml"
    original = pyproject.read_text("utf-8")
    pyproject.write_text(original.replace('version = "0.1.0"', 'version = "0.2.0"'), "utf-8")
    try:
        done = mcpgen("check", "--json", "--project", str(project.root), cwd=project.root)
    finally:
        pyproject.write_text(original, "utf-8")
    assert done.returncode == 1, done.stdout + done.stderr
    wheres = {f["where"] for f in json.loads(done.stdout)["findings"]}
    assert {"server.json", "dist/release-e2e-0.1.0.mcpb"} <= wheres


def test_the_registry_job_lists_the_released_bundle(
    project: Generated, released: Path, mcpgen_wheel: Path
) -> None:
    # actions/checkout leaves origin pointing at the repository; so does this.
    for args in (["init", "--quiet"], ["remote", "add", "origin", ORIGIN]):
        subprocess.run(["git", *args], cwd=project.root, check=True)
    workflow = yaml.safe_load((project.root / ".github/workflows/release.yml").read_text("utf-8"))
    steps = workflow["jobs"]["registry"]["steps"]
    listing = next(step for step in steps if "--bundle" in step.get("run", ""))
    done = run_step(project.root, listing, "v0.1.0", mcpgen_wheel)
    assert done.returncode == 0, done.stdout + done.stderr

    server = ServerJson.model_validate_json((project.root / "server.json").read_text("utf-8"))
    listed = next(p for p in server.packages or [] if p.registryType == "mcpb")
    assert listed.identifier == (
        "https://github.com/alice/release-e2e/releases/download/v0.1.0/release-e2e-0.1.0.mcpb"
    )
    bundle = (released / "release-e2e-0.1.0.mcpb").read_bytes()
    assert listed.fileSha256 == hashlib.sha256(bundle).hexdigest()
    check = next(s for s in build_steps(project.root) if "mcpgen check" in s["run"])
    done = run_step(project.root, check, "v0.1.0", mcpgen_wheel)
    assert done.returncode == 0, done.stdout + done.stderr
