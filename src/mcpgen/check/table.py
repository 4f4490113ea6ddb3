"""The human-readable report: a table of findings (plain lines off a terminal) and a summary."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from mcpgen.check import Finding, Report
from mcpgen.ui import plural


def _ordered(report: Report) -> list[Finding]:
    """Errors first, otherwise in the order found."""
    return sorted(report.findings, key=lambda item: item.severity != "error")


def findings_table(report: Report) -> Table:
    """One row per finding, errors first."""
    table = Table(title="mcpgen check", show_lines=False, expand=False)
    # Severity and rule names are never split; where and what wrap at spaces.
    table.add_column("Severity", no_wrap=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Where", overflow="fold")
    table.add_column("Finding")
    for finding in _ordered(report):
        colour = "red" if finding.severity == "error" else "yellow"
        table.add_row(
            Text(finding.severity, style=colour),
            Text(finding.rule),
            Text(finding.where),
            Text(finding.message),
        )
    return table


def findings_lines(report: Report) -> list[str]:
    """One whole line per finding, for pipes and logs: ``error  rule  where: message``.

    Severity and rule are padded to one width, so the places line up like a table's column.
    """
    findings = _ordered(report)
    width = max((len(finding.rule) for finding in findings), default=0)
    return [
        f"{finding.severity:<7}  {finding.rule:<{width}}  {finding.where}: {finding.message}"
        for finding in findings
    ]


def summary(report: Report) -> str:
    """``Checked 2 tools, 1 resource and 1 prompt: 0 errors, 1 warning.``"""
    counts = report.counts()
    return (
        f"Checked {plural(counts['tools'], 'tool')}, {plural(counts['resources'], 'resource')} "
        f"and {plural(counts['prompts'], 'prompt')}: {plural(counts['errors'], 'error')}, "
        f"{plural(counts['warnings'], 'warning')}."
    )
