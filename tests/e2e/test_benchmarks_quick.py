"""The benchmark runner still works: a quick run writes every target row, the JSON and the plots.

Benchmarks are not tests: nothing here asserts a time, only that each measurement was made.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

RUNNER = Path(__file__).parents[2] / "benchmarks" / "run.py"
ROWS = [
    "cli:mcpgen --help",
    "cli:mcpgen --version",
    "cli:mcpgen client-config --print",
    "cli:lazy",
    "scaffold",
    "startup",
    "startup:lazy",
    "throughput:1",
    "throughput:4",
    "memory:idle",
    "memory:after",
    "test-suite",
]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "results"
    done = subprocess.run(
        [sys.executable, RUNNER, "--quick", "--out", out, "--work", out.parent / "work"],
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def test_every_target_row_is_measured(quick_run: Path) -> None:
    results = json.loads((quick_run / "latest.json").read_text())
    assert [row["id"] for row in results["targets"]] == ROWS
    assert all(row["met"] in (True, False) for row in results["targets"]), results["targets"]
    assert results["errors"] == {}


def test_unmet_targets_give_their_cause(quick_run: Path) -> None:
    results = json.loads((quick_run / "latest.json").read_text())
    assert all(row["cause"] for row in results["targets"] if row["met"] is False)


def test_table_lists_every_target_and_the_machine(quick_run: Path) -> None:
    results = json.loads((quick_run / "latest.json").read_text())
    table = (quick_run / "latest.md").read_text()
    assert results["machine"]["cpu"] in table
    assert all(row["target"] in table for row in results["targets"])


@pytest.mark.parametrize("plot", ["new_vs_components.png", "throughput.png"])
def test_plots_are_written(quick_run: Path, plot: str) -> None:
    assert (quick_run / plot).read_bytes().startswith(b"\x89PNG")


def test_scale_out_is_measured_for_one_and_three_replicas(quick_run: Path) -> None:
    scale = json.loads((quick_run / "latest.json").read_text())["scaleout"]
    assert [row["clients"] for row in scale["rows"]] == [1, 4]
    for row in scale["rows"]:
        assert row["1"]["calls_per_s"] > 0 and row["3"]["calls_per_s"] > 0, row
    assert "1 and 3 replicas" in (quick_run / "latest.md").read_text()
    assert (quick_run / "scaleout.md").read_text().startswith("## Scale-out")
