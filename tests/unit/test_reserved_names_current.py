"""src/mcpgen/reserved_names.json is what tools/gen_reserved_names.py derives from the templates."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from mcpgen import names

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "regenerate it with: python tools/gen_reserved_names.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_reserved_names", ROOT / "tools" / "gen_reserved_names.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_templates_direct_requirements_are_the_recorded_ones(tmp_path: Path) -> None:
    """Fast: a dependency added to a template fails here until the list is derived again."""
    tool = generator()
    committed = json.loads(names.RESERVED_FILE.read_text(encoding="utf-8"))
    direct = tool.direct_requirements(tool.render_fully_featured(tmp_path))
    assert direct == committed["direct"], f"{names.RESERVED_FILE.name} is stale; {REGENERATE}"
    assert set(direct) <= set(committed["distributions"])


@pytest.mark.e2e
def test_a_fresh_lock_adds_no_name(capsys: pytest.CaptureFixture[str]) -> None:
    """Slow: lock and install the fully featured project with uv and compare every name."""
    assert generator().main(["--check"]) == 0, capsys.readouterr().out
