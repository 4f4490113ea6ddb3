"""docs/reference/cli.md is what Typer generates from the current CLI."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_cli_reference", ROOT / "tools" / "gen_cli_reference.py"
    )
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    fresh = tmp_path / "cli.md"

    generator.main(["--output", str(fresh)])

    committed = generator.REFERENCE.read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == committed, (
        "docs/reference/cli.md is out of date with src/mcpgen/cli.py; "
        "regenerate it with: nox -s cli_reference  (python tools/gen_cli_reference.py)"
    )
