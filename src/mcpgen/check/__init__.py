"""``mcpgen check``: lint what AI clients read from a server (descriptions, names, poisoning).

mcpgen does not depend on fastmcp, and the server must be loaded with its own dependencies, so
the server is loaded in the project's own environment: ``probe.py`` (standard library and
fastmcp only) runs under the project's interpreter, connects an in-memory client and writes the
catalog as JSON; the rules in ``rules.py`` then run here, on plain data.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcpgen import tooling
from mcpgen.check.rules import Finding, lint
from mcpgen.errors import StepFailedError, UsageError

PROBE = Path(__file__).with_name("probe.py")

__all__ = ["Finding", "Report", "Target", "run"]


@dataclass(frozen=True)
class Target:
    """Which server to load, from where, with which interpreter."""

    spec: str  # module:attr or path/to/file.py:attr
    cwd: Path
    python: list[str]  # the command that runs Python in the server's environment

    @classmethod
    def resolve(cls, project: Path | None, server: str | None, python: str | None) -> Target:
        """The generated project at ``project`` (default: here), or an explicit server spec."""
        if server is None:
            from mcpgen import project as projects

            found = projects.load(project)
            return cls(
                f"{found.package}.server:create_server", found.root, _python(found.root, python)
            )
        cwd = (project or Path.cwd()).resolve()
        return cls(server, cwd, _python(cwd, python))


def _python(root: Path, python: str | None) -> list[str]:
    """``--python``, else the project's ``.venv``, else ``uv run`` (which creates it)."""
    if python:
        return [python]
    for candidate in (root / ".venv" / "bin" / "python", root / ".venv" / "Scripts" / "python.exe"):
        if candidate.is_file():
            return [str(candidate)]
    if (root / "pyproject.toml").is_file():
        return [tooling.uv_executable(), "run", "--project", str(root), "python"]
    raise UsageError(
        f"No Python environment found for {root}.",
        hint="Run 'uv sync' in the project, or pass --python PATH.",
    )


@dataclass
class Report:
    """The catalog that was checked and what was found."""

    catalog: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """Findings that fail the check."""
        return [finding for finding in self.findings if finding.severity == "error"]

    def counts(self) -> dict[str, int]:
        """How many of each thing were checked, and found."""
        return {
            "tools": len(self.catalog.get("tools", [])),
            "resources": len(self.catalog.get("resources", []))
            + len(self.catalog.get("templates", [])),
            "prompts": len(self.catalog.get("prompts", [])),
            "errors": len(self.errors),
            "warnings": len(self.findings) - len(self.errors),
        }

    def as_json(self) -> str:
        """The machine-readable report printed by ``--json``."""
        return json.dumps(
            {
                "ok": not self.errors,
                "counts": self.counts(),
                "findings": [finding.as_dict() for finding in self.findings],
            },
            indent=2,
        )


def load_catalog(target: Target, timeout: float = 180) -> dict[str, Any]:
    """Run the probe in the server's environment and return the catalog it wrote."""
    with tempfile.TemporaryDirectory(prefix="mcpgen-check-") as scratch:
        out = Path(scratch) / "catalog.json"
        env = {
            "FASTMCP_CHECK_FOR_UPDATES": "off",
            "FASTMCP_SHOW_SERVER_BANNER": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        tooling.run(
            [*target.python, str(PROBE), target.spec, str(out)],
            target.cwd,
            what=f"Loading the server {target.spec}",
            env=env,
            timeout=timeout,
        )
        try:
            data = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StepFailedError(
                f"The server {target.spec} loaded, but its catalog could not be read.",
                hint="Run the probe yourself: " + " ".join([*target.python, str(PROBE)]),
            ) from exc
    if not isinstance(data, dict):
        raise StepFailedError(f"Unexpected catalog from {target.spec}.")
    return data


def run(target: Target) -> Report:
    """Load the server and lint its catalog."""
    from mcpgen.check import release

    catalog = load_catalog(target)
    return Report(catalog, lint(catalog, os.environ) + release.findings(target.cwd))
