"""Suggestions for mistyped option values, integration kinds and client targets."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_CUTOFF = 0.6  # difflib's default: below it, a guess is noise


def _squeeze(text: str) -> str:
    return text.strip().lower().replace("-", "").replace("_", "").replace(" ", "")


def closest(value: str, choices: Iterable[str]) -> list[str]:
    """The choices ``value`` was most likely meant to be (best first; empty when none is close).

    Case and separators are ignored first ("API-KEY", "apikey" for "api-key"), then a prefix
    ("claude" for both claude-desktop and claude-code), then spelling ("wether").
    """
    choices = list(choices)
    typed = _squeeze(value)
    if not typed:
        return []
    same = [choice for choice in choices if _squeeze(choice) == typed]
    if same:
        return same
    prefixed = [choice for choice in choices if _squeeze(choice).startswith(typed)]
    if prefixed:
        return prefixed[:3]
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, typed, _squeeze(choice)).ratio(), choice)
            for choice in choices
        ),
        reverse=True,
    )
    best = scored[0][0] if scored else 0.0
    # Two suggestions only when both are about as close ("3.1" for 3.11 and 3.12).
    return [choice for score, choice in scored if score >= max(_CUTOFF, best - 0.05)][:3]


def hint(value: str, choices: Iterable[str]) -> str:
    """``Did you mean 'x'? Choose one of: a, b, c.`` (without the question when nothing fits)."""
    choices = list(choices)
    listed = f"Choose one of: {', '.join(choices)}."
    guesses = closest(value, choices)
    if not guesses:
        return listed
    quoted = [repr(guess) for guess in guesses]
    either = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"Did you mean {either}? {listed}"
