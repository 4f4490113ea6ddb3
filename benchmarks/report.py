"""The results table: every target row (met, not met with its cause, or not measured)."""

from __future__ import annotations

from typing import Any

# Every row the runner reports, in order; a row whose step failed says so instead of vanishing.
CLI_ROWS = ("mcpgen --help", "mcpgen --version", "mcpgen client-config --print")
STEP_OF = {
    "cli": "cli",
    "scaffold": "scaffold",
    "startup": "startup",
    "throughput": "throughput",
    "test-suite": "test_suite",
}


def expected_rows(clients: tuple[int, ...]) -> list[str]:
    return [
        *(f"cli:{name}" for name in CLI_ROWS),
        "cli:lazy",
        "scaffold",
        "startup",
        "startup:lazy",
        *(f"throughput:{n}" for n in clients),
        "test-suite",
    ]


def complete(
    targets: list[dict[str, Any]], errors: dict[str, str], clients: tuple[int, ...]
) -> list[dict[str, Any]]:
    """``targets`` in the expected order, with a 'not measured' row for each one missing."""
    by_id = {row["id"]: row for row in targets}
    rows = []
    for key in expected_rows(clients):
        if key in by_id:
            rows.append(by_id[key])
            continue
        step = STEP_OF[key.split(":")[0]]
        reason = errors.get(step) or errors.get("server project") or "not run"
        rows.append(
            {
                "id": key,
                "target": key,
                "mcpgen": "-",
                "baseline": "-",
                "measured": "-",
                "goal": "-",
                "met": None,
                "cause": f"not measured: {reason.splitlines()[0]}",
            }
        )
    return rows


def _status(met: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "not measured"}[met]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def targets_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| Target | mcpgen | Baseline | Ratio | Goal | Status | Cause when not met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        cells = [
            row["target"],
            row["mcpgen"],
            row["baseline"],
            row["measured"],
            row["goal"],
            _status(row["met"]),
            row["cause"],
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def machine_line(results: dict[str, Any]) -> str:
    m = results["machine"]
    fastmcp = results.get("server_project", {}).get("fastmcp", "?")
    load = f", load average {m['load_average_start']} → {m.get('load_average_end')}"
    return (
        f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, fastmcp {fastmcp}, "
        f"{m['platform']}, {m['date']}{load if m['load_average_start'] else ''}"
    )


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# mcpgen benchmarks (latest run)",
        "",
        f"Machine: {machine_line(results)}.",
        f"Mode: {results['mode']}, {results['repetitions']} alternating repetitions per case, "
        f"medians; runner took {results.get('elapsed_s', '?')} s. "
        "Regenerate with `nox -s bench` (or `python benchmarks/run.py`).",
        "",
        *targets_table(results["targets"]),
        "",
        *_details(results),
    ]
    if results.get("errors"):
        lines += ["", "## Errors", ""]
        lines += [f"- {step}: {_cell(text)}" for step, text in results["errors"].items()]
    return "\n".join(lines) + "\n"


def _details(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if "cli" in results:
        lines += [
            "## CLI (seconds, median)",
            "",
            "| Command | Median | Min | Max |",
            "| --- | --- | --- | --- |",
        ]
        for name, stats in results["cli"]["commands"].items():
            lines.append(
                f"| `{name}` | {stats['median']:.3f} | {stats['min']:.3f} | {stats['max']:.3f} |"
            )
        lines.append("")
    if "scaffold" in results:
        s = results["scaffold"]
        lines += [
            "## Scaffolding (seconds, median)",
            "",
            f"`mcpgen new` options: `{' '.join(s['args'])}`",
            "",
            "| Case | Median |",
            "| --- | --- |",
            f"| bare `copier copy` of the server template | {s['copier']['median']:.2f} |",
        ]
        for point in s["by_components"]:
            lines.append(f"| `mcpgen new`, components: {point['label']} | {point['median']:.2f} |")
        if s.get("with_git"):
            lines.append(
                f"| `mcpgen new`, all components, with git (commits + pristine branch) "
                f"| {s['with_git']['median']:.2f} |"
            )
        lines += ["", "![new vs components](new_vs_components.png)", ""]
    if "startup" in results:
        st = results["startup"]
        lines += [
            "## Start-up over stdio (seconds to the `tools/list` answer, median)",
            "",
            f"- generated: {st['generated']['median']:.2f} s ({st['tools']['generated']} "
            f"tools); tutorial: {st['tutorial']['median']:.2f} s",
            f"- optional heavy modules loaded at start-up: "
            f"{', '.join(st['heavy_loaded_at_start']) or 'none'}",
            "- module-level imports of optional packages in the generated code: "
            + (", ".join(f"{k}: {', '.join(v)}" for k, v in st["eager_imports"].items()) or "none"),
            "- biggest extra imports vs the tutorial: "
            + (
                ", ".join(
                    f"{i['package']} +{i['extra_ms']:.0f} ms" for i in st["extra_vs_tutorial"]
                )
                or "none"
            ),
            "",
        ]
    if "throughput" in results:
        t = results["throughput"]
        lines += [
            "## HTTP throughput (median over repetitions)",
            "",
            "| Clients | Generated calls/s | p50 ms | p99 ms | Bare calls/s | p50 ms | "
            "p99 ms | Ratio |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for row in t["levels"]:
            g, b = row["generated"], row["bare"]
            lines.append(
                f"| {row['clients']} | {g['calls_per_s']:.0f} | {g['p50_ms']:.1f} | "
                f"{g['p99_ms']:.1f} | {b['calls_per_s']:.0f} | {b['p50_ms']:.1f} | "
                f"{b['p99_ms']:.1f} | {g['calls_per_s'] / b['calls_per_s']:.2f}x |"
            )
        lines += [
            "",
            f"Audit log lines written by the generated server: {t['audit_lines']} "
            "(one per tool call, warm-ups included).",
            "",
            "![throughput](throughput.png)",
            "",
        ]
    if "test_suite" in results:
        ts = results["test_suite"]
        lines += [
            "## Generated test suite",
            "",
            f"{ts['median']:.1f} s wall (median): {ts['summary']}",
            "",
        ]
    return lines
