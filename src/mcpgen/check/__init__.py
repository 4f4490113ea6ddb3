"""``mcpgen check``: lint what AI clients read from a server (descriptions, names, poisoning).

mcpgen does not depend on fastmcp, and the server must be loaded with its own dependencies, so
the server is loaded in the project's own environment: ``probe.py`` (standard library and
fastmcp only) runs under the project's interpreter, connects an in-memory client and writes the
catalog as JSON; the rules in ``rules.py`` then run here, on plain data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcpgen import tooling
from mcpgen.check.ignores import per_tool_ignores, silence
from mcpgen.check.rules import Finding, lint
from mcpgen.errors import MCPGenError, StepFailedError, UsageError

PROBE = Path(__file__).with_name("probe.py")

__all__ = ["Finding", "Report", "Target", "per_tool_ignores", "run", "silence"]


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
        _check_file(server, cwd)
        return cls(server, cwd, _python(cwd, python))


def _check_file(spec: str, cwd: Path) -> None:
    """A ``path.py:attr`` spec whose file does not exist is named as such, before anything runs."""
    target = spec.partition(":")[0]
    if target.endswith(".py") and not (cwd / target).is_file():
        raise UsageError(
            f"Server file not found: {cwd / target}.",
            hint="Give the path to the file that defines the server (relative paths start "
            "at --project, else here), e.g. --server src/app/server.py:mcp.",
        )


def _python(root: Path, python: str | None) -> list[str]:
    """``--python``, else the project's ``.venv``, else ``uv run`` (which creates it)."""
    if python:
        # Relative to where mcpgen was started, not to the server's directory it runs in.
        found = shutil.which(python) if os.sep not in python else None
        return [found or str(Path(python).absolute())]
    for candidate in (root / ".venv" / "bin" / "python", root / ".venv" / "Scripts" / "python.exe"):
        if candidate.is_file():
            return [str(candidate)]
    if (root / "pyproject.toml").is_file():
        return [tooling.uv_executable(), "run", "--project", str(root), "python"]
    raise UsageError(
        f"No Python environment for the server: {root} has no .venv and no pyproject.toml.",
        hint="Pass --python PATH (an interpreter with fastmcp and the server's dependencies), "
        "or --project DIR (a project with a .venv or a pyproject.toml).",
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
        done = _run_probe(target, out, timeout)
        try:
            data = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        raise _load_error(target, data["error"])
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise StepFailedError(
            f"Loading the server {target.spec} failed (exit {done.returncode}):\n{tail}",
            hint=f"Fix the error above; the server was loaded with {' '.join(target.python)}"
            f" in {target.cwd}.",
        )
    if not isinstance(data, dict):
        raise StepFailedError(
            f"The server {target.spec} loaded, but its catalog could not be read.",
            hint=f"Check that {' '.join(target.python)} can run fastmcp.",
        )
    return data


def _run_probe(target: Target, out: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FASTMCP_CHECK_FOR_UPDATES": "off",
        "FASTMCP_SHOW_SERVER_BANNER": "false",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("VIRTUAL_ENV", None)  # the server's environment, never mcpgen's
    try:
        return subprocess.run(
            [*target.python, str(PROBE), target.spec, str(out)],
            cwd=target.cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(
            f"The Python {target.python[0]} does not exist.",
            hint="Pass --python PATH of the server's environment.",
        ) from None
    except subprocess.TimeoutExpired:
        raise StepFailedError(
            f"Loading the server {target.spec} took longer than {timeout:.0f} s.",
            hint="Check that creating the server does not wait for a network or a database.",
        ) from None


def _load_error(target: Target, error: dict[str, str]) -> MCPGenError:
    """The probe's reason for not finding the server, as one clear error."""
    spec, detail = target.spec, error.get("detail", "")
    where = spec.partition(":")[0]
    python = " ".join(target.python)
    messages = {
        "file-not-found": (
            f"Server file not found: {detail}.",
            "Give the path to the file that defines the server.",
        ),
        "module-not-found": (
            f"Module {detail!r} not found in {target.cwd} (nor its src/).",
            "Give an importable module (e.g. my_server.server:mcp) or a path (server.py:mcp), "
            "and --project DIR where it lives.",
        ),
        "attribute-not-found": (
            f"{where} has no attribute {detail!r}.",
            f"Name the FastMCP instance or a function returning one: {where}:NAME.",
        ),
        "no-default-server": (
            f"{where} has no FastMCP server under the names tried ({detail}).",
            f"Name the FastMCP instance or a function returning one: {where}:NAME.",
        ),
        "not-a-server": (
            f"{detail} in {where}, not a FastMCP server.",
            f"Name the FastMCP instance or a function returning one: {where}:NAME.",
        ),
        "no-fastmcp": (
            f"fastmcp is not installed in the server's environment ({python}).",
            "Pass --python PATH of the environment the server runs in, or run 'uv sync' there.",
        ),
    }
    if error.get("kind") == "server-raised":
        return StepFailedError(
            f"The server {spec} raised an error while loading: {detail}.",
            hint=f"Fix it, then run 'mcpgen check' again (it runs the server with {python}).",
        )
    message, hint = messages.get(error.get("kind", ""), (f"Cannot load {spec}: {detail}.", None))
    return UsageError(message, hint=hint)


def run(target: Target) -> Report:
    """Lint the server's catalog and the release files, minus what the project silenced."""
    from mcpgen.check import release

    ignores = per_tool_ignores(target.cwd)
    catalog = load_catalog(target)
    findings = silence(lint(catalog, os.environ), ignores) + release.findings(target.cwd)
    return Report(catalog, findings)
