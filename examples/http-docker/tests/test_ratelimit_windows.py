"""The in-memory moving window: exact budgets, when to retry, idle callers forgotten."""

from __future__ import annotations

import pytest
from limits import parse

from http_docker.ratelimit import SWEEP_SECONDS, Budget, MemoryWindows


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_window_admits_its_budget_then_says_when_to_retry() -> None:
    clock = Clock()
    windows = MemoryWindows(clock)
    budget = Budget.parse("3/minute")
    waits = []
    for at in (0, 10, 20, 30, 60, 61):
        clock.now = 1000.0 + at
        waits.append(windows.hit("hello", "client:a", budget))
    # Full at 30 s until the first call leaves the window at 60 s; then the call at 10 s.
    assert waits == [0.0, 0.0, 0.0, 30.0, 0.0, 9.0]


def test_a_refused_call_does_not_count() -> None:
    clock = Clock()
    windows = MemoryWindows(clock)
    budget = Budget.parse("1/second")
    assert windows.hit("hello", "client:a", budget) == 0.0
    for _ in range(5):
        assert windows.hit("hello", "client:a", budget) == 1.0
    clock.now += 1.0
    assert windows.hit("hello", "client:a", budget) == 0.0


def test_idle_callers_are_forgotten() -> None:
    clock = Clock()
    windows = MemoryWindows(clock)
    for caller in ("client:a", "client:b", "client:c"):
        windows.hit("hello", caller, Budget.parse("5/minute"))
    windows.hit("search", "client:a", Budget.parse("5/hour"))
    assert len(windows) == 4
    clock.now += SWEEP_SECONDS + 60
    windows.hit("hello", "client:d", Budget.parse("5/minute"))
    assert len(windows) == 2  # the hour's window is still open, and the new caller's


@pytest.mark.parametrize(
    "text", ["60/minute", "1000 per hour", "5 per 2 seconds", "10/day", "2/month", "1 per year"]
)
def test_budgets_mean_what_they_mean_in_redis(text: str) -> None:
    """The same lengths as ``limits``, which counts the budgets kept in Redis."""
    item = parse(text)
    budget = Budget.parse(text)
    assert (budget.calls, budget.seconds) == (item.amount, item.get_expiry())


@pytest.mark.parametrize("text", ["60", "sixty/minute", "10/fortnight", "", "-1/minute"])
def test_malformed_budgets_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a budget"):
        Budget.parse(text)
