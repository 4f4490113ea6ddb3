"""Suggestions for mistyped option values, integration kinds and client targets."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice ``value`` was most likely meant to be, or None when none is close."""
    choices = list(choices)
    lowered = {choice.lower(): choice for choice in choices}
    typed = value.strip().lower()
    if typed in lowered:
        return lowered[typed]
    # "apikey" for "api-key", "claude" for "claude-desktop": compare without separators,
    # then prefixes, before falling back to edit distance.
    bare = {choice.replace("-", "").replace("_", ""): choice for choice in lowered}
    squeezed = typed.replace("-", "").replace("_", "").replace(" ", "")
    if squeezed in bare:
        return lowered[bare[squeezed]]
    prefixed = [choice for choice in lowered if squeezed and choice.startswith(squeezed)]
    if len(prefixed) == 1:
        return lowered[prefixed[0]]
    found = difflib.get_close_matches(typed, list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def hint(value: str, choices: Iterable[str]) -> str:
    """``Did you mean 'x'? Choose one of: a, b, c.`` (without the question when nothing fits)."""
    choices = list(choices)
    listed = f"Choose one of: {', '.join(choices)}."
    guess = closest(value, choices)
    return f"Did you mean {guess!r}? {listed}" if guess is not None else listed
