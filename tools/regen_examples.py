"""Re-render the committed examples in ``examples/`` from their own answers files.

Each example is a project made by ``mcpgen new NAME --yes --no-git`` and its
``.copier-answers.yml`` is the source of truth: this script renders the same answers again
through mcpgen's real code path (``options.resolve_answers`` then ``generate.create``, exactly
what ``mcpgen new`` runs) and replaces the example's files with the result.

    python tools/regen_examples.py            # regenerate every example (nox -s examples)
    python tools/regen_examples.py --check    # exit 1 and list the files that drifted
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from mcpgen import generate, options, ui
from mcpgen.project import ANSWERS_FILE, COMPONENT_ANSWERS_GLOB

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# What running an example (uv sync, pytest, ruff, mypy) adds; never part of the rendering.
IGNORED = frozenset(
    {
        ".venv",
        "uv.lock",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".coverage",
        "htmlcov",
        ".env",
    }
)


def example_dirs(examples: Path = EXAMPLES) -> list[Path]:
    """Every example directory, i.e. every subdirectory holding an answers file."""
    return sorted(path.parent for path in examples.glob(f"*/{ANSWERS_FILE}"))


def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{path} is not an mcpgen answers file.")
    return data


def _components(example: Path) -> list[str]:
    """Integrations the example was made with (``mcpgen new --with KIND``), by file name."""
    kinds = []
    for path in sorted(example.glob(COMPONENT_ANSWERS_GLOB)):
        data = _read(path)
        if data.get("component_name") != data.get("kind"):
            raise SystemExit(
                f"{path}: only integrations added by 'mcpgen new --with' are supported."
            )
        kinds.append(str(data["kind"]))
    return kinds


def render_example(example: Path, into: Path, *, quiet: bool = True) -> Path:
    """Render ``example``'s answers into ``into/<example name>`` and return that directory.

    Questions added to the template since the example was made get their defaults, and
    ``mcpgen_version`` becomes the running version, just like a fresh ``mcpgen new``.
    """
    recorded = _read(example / ANSWERS_FILE)
    given = {key: value for key, value in recorded.items() if key in options.VALIDATORS}
    answers = options.resolve_answers(str(recorded["project_name"]), given, ask=False)
    request = generate.NewRequest(
        answers=answers, dest=into / example.name, components=_components(example), git=False
    )
    generate.create(request, ui.Steps(Console(quiet=True) if quiet else ui.err))
    return request.dest


def files(root: Path) -> Iterator[Path]:
    """Paths of the files under ``root``, relative to it, skipping everything in IGNORED."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not IGNORED.intersection(relative.parts):
            yield relative


def differences(expected: Path, actual: Path) -> list[str]:
    """One line per file that is missing from, extra in, or different in ``actual``."""
    wanted, present = set(files(expected)), set(files(actual))
    lines = [f"missing (rendered now): {path}" for path in sorted(wanted - present)]
    lines += [f"extra (no longer rendered): {path}" for path in sorted(present - wanted)]
    lines += [
        f"differs: {path}"
        for path in sorted(wanted & present)
        if not filecmp.cmp(expected / path, actual / path, shallow=False)
    ]
    return lines


def replace_files(rendered: Path, example: Path) -> None:
    """Make ``example`` hold exactly ``rendered``'s files, leaving IGNORED entries alone."""
    keep = set(files(rendered))
    for relative in files(example):
        if relative not in keep:
            (example / relative).unlink()
    for directory in sorted(example.rglob("*"), reverse=True):
        if (
            directory.is_dir()
            and not IGNORED.intersection(directory.parts)
            and not any(directory.iterdir())
        ):
            directory.rmdir()
    shutil.copytree(rendered, example, dirs_exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    """Regenerate (or with --check, compare) every example; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args(argv)
    drifted = 0
    with tempfile.TemporaryDirectory(prefix="mcpgen-examples-") as scratch:
        for example in example_dirs():
            rendered = render_example(example, Path(scratch))
            changes = differences(rendered, example)
            if args.check:
                drifted += bool(changes)
                for line in changes:
                    print(f"{example.relative_to(ROOT)}: {line}")
            else:
                replace_files(rendered, example)
                state = f"{len(changes)} file(s) changed" if changes else "unchanged"
                print(f"{example.relative_to(ROOT)}: {state}")
    if drifted:
        print("Examples drifted from the templates; run: nox -s examples", file=sys.stderr)
    return 1 if drifted else 0


if __name__ == "__main__":
    raise SystemExit(main())
