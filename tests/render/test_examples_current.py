"""The committed examples are exactly what the templates render from their answers files."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _load_tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regen = _load_tool("regen_examples")
EXAMPLES = regen.example_dirs()


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_matches_its_answers(example: Path, tmp_path: Path) -> None:
    rendered = regen.render_example(example, tmp_path)
    drift = regen.differences(rendered, example)
    assert not drift, (
        f"examples/{example.name} drifted from the templates:\n  "
        + "\n  ".join(drift)
        + "\nRegenerate the examples with: nox -s examples  (python tools/regen_examples.py)"
    )


def test_examples_cover_stdio_and_http_with_docker() -> None:
    combos = {
        (answers["transport"], answers["auth"], answers["docker"])
        for answers in (
            yaml.safe_load((example / ".copier-answers.yml").read_text()) for example in EXAMPLES
        )
    }
    assert {("stdio", "none", False), ("http", "api-key", True)} <= combos


def test_regenerating_replaces_files_but_keeps_environments(tmp_path: Path) -> None:
    rendered, example = tmp_path / "rendered", tmp_path / "example"
    (rendered / "src").mkdir(parents=True)
    (rendered / "src" / "kept.py").write_text("new\n")
    (example / "old").mkdir(parents=True)
    (example / "old" / "gone.py").write_text("stale\n")
    (example / ".venv").mkdir()
    (example / "uv.lock").write_text("lock\n")

    regen.replace_files(rendered, example)

    assert sorted(str(path) for path in regen.files(example)) == ["src/kept.py"]
    assert (example / "uv.lock").exists() and (example / ".venv").is_dir()
    assert not (example / "old").exists()
    assert regen.differences(rendered, example) == []
