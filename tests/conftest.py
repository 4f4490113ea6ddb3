"""Test-suite options shared by every tier.

The default run is fast (unit, CLI and render tiers). ``pytest --e2e`` adds the end-to-end tier,
which installs generated projects with uv and talks to running servers; CI runs everything.
"""

from __future__ import annotations

import os

import pytest

# Generated projects must never try to download an interpreter (there is no internet in CI).
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--e2e",
        action="store_true",
        default=False,
        help="also run the end-to-end tier (installs generated projects; slow)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--e2e"):
        return
    deselected = [item for item in items if item.get_closest_marker("e2e")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("e2e")]


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic CLI output: no colour, fixed width."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
