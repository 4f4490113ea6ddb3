"""What a generated project trusts: pinned actions, images, tools and a lock file it enforces.

Every workflow goes through actionlint, the Dependabot config through its JSON schema and the
Dockerfile through hadolint; the pins themselves are checked by pattern, so an unpinned
``uses:``, ``FROM`` or ``npx`` cannot come back unnoticed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import INSPECTOR, render_each, run_tool

from mcpgen import __version__, generate, next_steps, options, ui
from mcpgen.errors import StepFailedError

VARIANTS = [
    {"transport": "stdio", "auth": "none", "docker": False, "python_version": "3.11"},
    {"transport": "stdio", "auth": "none", "docker": True, "python_version": "3.12"},
    {"transport": "http", "auth": "none", "docker": True, "python_version": "3.13"},
    {"transport": "http", "auth": "api-key", "docker": True, "python_version": "3.14"},
    {"transport": "sse", "auth": "jwt", "docker": False, "python_version": "3.11"},
]
CONFORMANCE_SCENARIOS = (
    "server-initialize ping tools-list resources-list prompts-list dns-rebinding-protection"
)
# The Inspector versions the end-to-end tier runs (stdio, and HTTP in test_remote_e2e.py).
INSPECTOR_VERSIONS = {INSPECTOR.rsplit("@", 1)[1]}
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
PINNED_IMAGE = re.compile(r"^\S+:\S+@sha256:[0-9a-f]{64}$")


def _id(answers: dict[str, Any]) -> str:
    return "-".join(str(value) for value in answers.values())


@pytest.fixture(scope="module")
def rendered(copie_session: Any) -> dict[str, Path]:
    return render_each(copie_session, VARIANTS, _id, mcpgen_version=__version__)


def _workflow(root: Path) -> dict[str, Any]:
    data = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_workflow_passes_actionlint(rendered: dict[str, Path], answers: dict[str, Any]) -> None:
    actionlint = Path(sys.executable).with_name("actionlint")
    done = subprocess.run(
        [str(actionlint), "-no-color", ".github/workflows/ci.yml"],
        cwd=rendered[_id(answers)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_actions_are_pinned_by_commit(rendered: dict[str, Path], answers: dict[str, Any]) -> None:
    text = (rendered[_id(answers)] / ".github/workflows/ci.yml").read_text()
    uses = [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]
    assert uses
    for action in uses:
        assert PINNED_ACTION.match(action), f"not pinned by commit with its tag: {action}"


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_ci_runs_the_pinned_mcpgen_and_explains_when_it_is_missing(
    rendered: dict[str, Path], answers: dict[str, Any]
) -> None:
    workflow = _workflow(rendered[_id(answers)])
    assert workflow["env"]["MCPGEN"] == f"mcpgen=={__version__}"
    steps = workflow["jobs"]["check"]["steps"]
    runs = [str(step.get("run", "")) for step in steps]
    for run in runs:
        for command in re.findall(r"uvx [^\n]*", run):
            assert command.startswith('uvx --from "$MCPGEN" mcpgen'), command
    (probe,) = [step for step in steps if step.get("id") == "mcpgen"]
    assert "::warning" in probe["run"] and "$MCPGEN could not be installed" in probe["run"]
    gated = [
        step for step in steps if step.get("name") in ("Tool descriptions", "Templates current")
    ]
    assert ["mcpgen check" in step["run"] for step in gated] == [True, False]
    assert "mcpgen update --check" in gated[1]["run"]
    assert all(step["if"] == "steps.mcpgen.outputs.available == 'true'" for step in gated)


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_the_lock_is_enforced_everywhere(
    rendered: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered[_id(answers)]
    texts = {"ci.yml": (root / ".github/workflows/ci.yml").read_text()}
    texts["README.md"] = (root / "README.md").read_text()
    if answers["docker"]:
        dockerfile = (root / "Dockerfile").read_text()
        texts["Dockerfile"] = dockerfile
        assert "COPY pyproject.toml uv.lock ./" in dockerfile, "uv.lock is required, not optional"
        assert "uv.lock" not in (root / ".dockerignore").read_text()
    for name, text in texts.items():
        assert "|| uv sync" not in text, name
        for command in re.findall(r"uv sync[^\n`]*", text):
            assert "--locked" in command, f"{name}: {command}"
        for command in re.findall(r"uv run [^\n`]*", text) if name == "ci.yml" else []:
            assert "--locked" in command, f"{name}: {command}"


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_dependabot_keeps_every_pin_current(
    rendered: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered[_id(answers)]
    run_tool(
        "check_jsonschema",
        "--builtin-schema",
        "vendor.dependabot",
        ".github/dependabot.yml",
        cwd=root,
    )
    config = yaml.safe_load((root / ".github/dependabot.yml").read_text())
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    docker = {"docker", "docker-compose"} if answers["docker"] else set()
    assert ecosystems == {"uv", "github-actions"} | docker


@pytest.mark.parametrize("answers", [a for a in VARIANTS if a["docker"]], ids=_id)
def test_base_images_are_pinned_and_replaceable_without_editing(
    rendered: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered[_id(answers)]
    lines = (root / "Dockerfile").read_text().splitlines()
    froms = [line.split()[1:] for line in lines if line.startswith("FROM ")]
    literal = [words[0] for words in froms if not words[0].startswith("$")]
    # Dependabot reads only literal FROM lines: both pins are there, digest and readable tag.
    assert len(literal) == 2
    assert all(PINNED_IMAGE.match(image) for image in literal), literal
    assert literal[0].startswith(f"python:{answers['python_version']}-slim@")
    assert literal[1].startswith("ghcr.io/astral-sh/uv:")
    assert "ARG PYTHON_IMAGE=python-base" in lines and "ARG UV_IMAGE=uv-base" in lines
    assert [words[0] for words in froms if words[0].startswith("$")] == [
        "${UV_IMAGE}",
        "${PYTHON_IMAGE}",
    ]
    hadolint = Path(sys.executable).with_name("hadolint")
    done = subprocess.run(
        [str(hadolint), "--no-color", "Dockerfile"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_conformance_job_runs_the_pinned_suite_on_http_servers(
    rendered: dict[str, Path], answers: dict[str, Any]
) -> None:
    jobs = _workflow(rendered[_id(answers)])["jobs"]
    expected = answers["transport"] != "stdio" and answers["auth"] in ("none", "api-key")
    assert ("conformance" in jobs) == expected
    proxy = rendered[_id(answers)] / ".github/conformance_proxy.py"
    assert proxy.is_file() == (expected and answers["auth"] == "api-key")
    if not expected:
        return
    steps = jobs["conformance"]["steps"]
    (node,) = [step for step in steps if "actions/setup-node@" in step.get("uses", "")]
    assert node["with"]["node-version"] == "22"
    suite = next(step["run"] for step in steps if step.get("name") == "Conformance scenarios")
    assert "@modelcontextprotocol/conformance@0.1.16 server --url" in suite
    assert f"for scenario in {CONFORMANCE_SCENARIOS}; do" in suite
    start = next(step["run"] for step in steps if step.get("name") == "Start the server")
    if proxy.is_file():  # the suite cannot send a key: it goes through the proxy, which adds it
        assert "secrets.token_urlsafe" in start and "::add-mask::" in start
        assert ".github/conformance_proxy.py http://127.0.0.1:8000 8001" in start
        assert "--url http://127.0.0.1:8001/mcp" in suite
    else:
        assert "--url http://127.0.0.1:8000/mcp" in suite


@pytest.mark.parametrize("answers", [a for a in VARIANTS if a["auth"] == "api-key"], ids=_id)
def test_conformance_proxy_passes_the_projects_own_checks(
    rendered: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered[_id(answers)]
    run_tool("ruff", "check", "--no-cache", ".github/conformance_proxy.py", cwd=root)
    run_tool("ruff", "format", "--check", "--no-cache", ".github/conformance_proxy.py", cwd=root)
    run_tool("mypy", "--strict", ".github/conformance_proxy.py", cwd=root)


def _inspector_pins(text: str) -> list[str]:
    return re.findall(r"@modelcontextprotocol/inspector(@[\w.]+)?", text)


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_generated_readme_pins_the_inspector(
    rendered: dict[str, Path], answers: dict[str, Any]
) -> None:
    pins = _inspector_pins((rendered[_id(answers)] / "README.md").read_text())
    assert pins
    assert {pin.lstrip("@") for pin in pins} <= INSPECTOR_VERSIONS


def test_mcpgen_docs_pin_the_inspector() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        for line in path.read_text().splitlines():
            if "npx" in line and "@modelcontextprotocol/inspector" in line:
                pins = _inspector_pins(line)
                assert all(pin.lstrip("@") in INSPECTOR_VERSIONS for pin in pins), (path, line)
    steps = next_steps.for_new_project(_created(root), installed=False, components=[])
    assert any(f"npx -y {INSPECTOR} " in line for line in steps.lines())


def _created(root: Path) -> Any:
    from mcpgen import project

    return project.Project(root=root, answers={"project_name": "demo", "auth": "none"})


def _request(dest: Path) -> generate.NewRequest:
    answers = options.resolve_answers("lock-demo", {}, ask=False)
    return generate.NewRequest(answers=answers, dest=dest, git=True)


def test_new_creates_and_commits_the_lock_file_on_main_only(tmp_path: Path) -> None:
    created = generate.create(_request(tmp_path / "lock-demo"), ui.Steps())
    assert "[[package]]" in (created.root / "uv.lock").read_text()
    git = ["git", "-C", str(created.root)]
    status = subprocess.run(
        [*git, "status", "--porcelain"], capture_output=True, text=True, check=True
    )
    assert status.stdout == "", "the new project starts with a clean work tree"
    on_template = subprocess.run(
        [*git, "ls-tree", "--name-only", "mcpgen/template"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "uv.lock" not in on_template.stdout.split(), "the pristine render has no lock"


def test_a_failed_lock_is_one_clear_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An index nobody answers and an empty cache: neither the online nor the offline lock works.
    monkeypatch.setenv("UV_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("UV_HTTP_RETRIES", "0")
    workdir = tmp_path / "work"
    workdir.mkdir()
    with pytest.raises(StepFailedError) as failure:
        generate.create(_request(workdir / "lock-demo"), ui.Steps())
    assert failure.value.message.startswith("Could not lock the project's dependencies: ")
    assert "\n" not in failure.value.message
    assert failure.value.hint and "nothing was written" in failure.value.hint
    assert list(workdir.iterdir()) == []
