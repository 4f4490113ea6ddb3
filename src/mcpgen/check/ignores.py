"""Rules a project silences for one tool: ``[tool.mcpgen.check.per-tool-ignores]``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from mcpgen import suggest
from mcpgen.check.rules import RULES, Finding
from mcpgen.errors import UsageError


def per_tool_ignores(root: Path) -> dict[str, set[str]]:
    """``[tool.mcpgen.check.per-tool-ignores]`` of ``root/pyproject.toml``: tool -> rules."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"Cannot read {path}: {exc}.") from None
    table = data.get("tool", {}).get("mcpgen", {}).get("check", {}).get("per-tool-ignores", {})
    valid = isinstance(table, dict) and all(
        isinstance(rules, list) and all(isinstance(rule, str) for rule in rules)
        for rules in table.values()
    )
    if not valid:
        raise UsageError(
            f"Invalid [tool.mcpgen.check.per-tool-ignores] in {path}.",
            hint='Map each tool name to a list of rules, e.g. my_tool = ["vague-description"].',
        )
    for rules in table.values():
        for rule in rules:
            if rule not in RULES:
                raise UsageError(
                    f"Unknown rule {rule!r} in [tool.mcpgen.check.per-tool-ignores] of {path}.",
                    hint=suggest.hint(rule, RULES),
                )
    return {str(tool): set(rules) for tool, rules in table.items()}


def silence(findings: list[Finding], ignores: dict[str, set[str]]) -> list[Finding]:
    """``findings`` without those a tool's entry in ``ignores`` names (parameters included)."""
    kept = []
    for finding in findings:
        kind, _, name = finding.where.partition(" > ")[0].partition(" ")
        if kind == "tool" and finding.rule in ignores.get(name, set()):
            continue
        kept.append(finding)
    return kept
