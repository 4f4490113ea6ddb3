"""The human-readable report: a rich table of findings and a one-line summary."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from mcpgen.check import Report


def findings_table(report: Report) -> Table:
    """One row per finding, errors first."""
    table = Table(title="mcpgen check", show_lines=False, expand=False)
    for column in ("Severity", "Rule", "Where", "Finding"):
        table.add_column(column, overflow="fold")
    for finding in sorted(report.findings, key=lambda item: item.severity != "error"):
        colour = "red" if finding.severity == "error" else "yellow"
        table.add_row(
            Text(finding.severity, style=colour),
            Text(finding.rule),
            Text(finding.where),
            Text(finding.message),
        )
    return table


def summary(report: Report) -> str:
    """``N tools, N resources, N prompts: X errors, Y warnings``."""
    counts = report.counts()
    return (
        f"Checked {counts['tools']} tools, {counts['resources']} resources and "
        f"{counts['prompts']} prompts: {counts['errors']} errors, {counts['warnings']} warnings."
    )
