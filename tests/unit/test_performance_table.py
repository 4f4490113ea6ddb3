"""The README's performance table is the runner's own output for the committed results."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).parents[2]


def report_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "benchmarks/report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_table_matches_the_latest_results() -> None:
    report = report_module()
    results = json.loads((ROOT / "benchmarks/results/latest.json").read_text())
    readme = (ROOT / "README.md").read_text()
    assert report.readme_section(results) in readme, (
        "README.md's performance table is stale: rerun `nox -s bench`, which rewrites it"
    )
