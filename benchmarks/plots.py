"""Draw the benchmark plots from latest.json; run with the runner's plotting venv (matplotlib).

python plots.py RESULTS_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def new_vs_components(results: dict, out: Path) -> None:
    scaffold = results["scaffold"]
    points = scaffold["by_components"]
    counts = [point["components"] for point in points]
    medians = [point["median"] for point in points]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    ax.plot(counts, medians, "o-", color="tab:blue", label="mcpgen new (every option, --no-git)")
    for count, median, point in zip(counts, medians, points, strict=True):
        ax.annotate(
            point["label"],
            (count, median),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=8,
        )
    copier = scaffold["copier"]["median"]
    ax.axhline(copier, color="tab:gray", linestyle="--", label=f"bare copier copy ({copier:.2f} s)")
    ax.axhline(copier * 1.10, color="tab:red", linestyle=":", label="target: copier + 10%")
    ax.set_xlabel("components added (--with)")
    ax.set_ylabel("wall time, median (s)")
    ax.set_xticks(counts)
    ax.set_xlim(-0.5, max(counts) + 0.5)
    ax.set_ylim(bottom=0, top=max([*medians, copier * 1.1]) * 1.25)
    ax.set_title("Scaffolding time vs number of components")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "new_vs_components.png")
    plt.close(fig)


def throughput(results: dict, out: Path) -> None:
    levels = results["throughput"]["levels"]
    clients = [level["clients"] for level in levels]
    fig, (ax, lat) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=120)
    for key, label, colour in (
        ("generated", "generated server (auth + audit + rate limit)", "tab:blue"),
        ("bare", "bare FastMCP, same tool", "tab:gray"),
    ):
        ax.plot(
            clients,
            [level[key]["calls_per_s"] for level in levels],
            "o-",
            color=colour,
            label=label,
        )
        lat.plot(
            clients,
            [level[key]["p50_ms"] for level in levels],
            "o-",
            color=colour,
            label=f"{key} p50",
        )
        lat.plot(
            clients,
            [level[key]["p99_ms"] for level in levels],
            "s--",
            color=colour,
            label=f"{key} p99",
        )
    for axis in (ax, lat):
        axis.set_xscale("log", base=2)
        axis.set_xticks(clients, [str(count) for count in clients])
        axis.set_xlabel("concurrent clients")
        axis.grid(alpha=0.3)
        axis.set_ylim(bottom=0)
    ax.set_ylabel("tool calls per second (median)")
    ax.set_title("HTTP throughput")
    ax.legend(fontsize=8, loc="lower right")
    lat.set_ylabel("latency per call (ms)")
    lat.set_title("Latency")
    lat.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(out / "throughput.png")
    plt.close(fig)


def main() -> None:
    out = Path(sys.argv[1])
    results = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    if results.get("scaffold", {}).get("by_components"):
        new_vs_components(results, out)
    if results.get("throughput", {}).get("levels"):
        throughput(results, out)


if __name__ == "__main__":
    main()
