"""Appending a component's variables to ``.env.example``; nothing already there is rewritten."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mcpgen.catalog import EnvVar
from mcpgen.errors import ComponentError

_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", re.MULTILINE)


def defined(text: str) -> set[str]:
    """Names assigned in an env file (``NAME=...`` lines, commented-out lines excluded)."""
    return set(_ASSIGNMENT.findall(text))


def append_block(text: str, heading: str, prefix: str, variables: Iterable[EnvVar]) -> str:
    """``text`` followed by a commented block defining ``prefix + suffix`` for each variable.

    A variable that the file already defines is a collision (two instances whose names
    produce the same variable): refused, so that no instance silently reads another's value.
    """
    variables = list(variables)
    taken = sorted(defined(text) & {prefix + var.suffix for var in variables})
    if taken:
        raise ComponentError(
            f".env.example already defines {', '.join(taken)}.",
            hint="Choose another --name so the new integration gets its own variables.",
        )
    lines = ["", f"# {heading}"]
    for var in variables:
        lines += [f"# {var.comment}", f"{prefix}{var.suffix}={var.default}"]
    separator = "" if not text or text.endswith("\n") else "\n"
    return text + separator + "\n".join(lines).lstrip("\n" if not text else "") + "\n"
