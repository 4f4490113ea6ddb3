"""Development sessions: ``nox`` runs lint, mypy, tests and docs; ``nox -s NAME`` runs one."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "mypy", "tests", "docs"]

DEV = ("-e", ".[dev]")
CHECKED = ("src", "tests", "tools", "benchmarks", "noxfile.py")


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff (examples and templates are excluded)."""
    session.install("ruff")
    session.run("ruff", "check", *CHECKED)
    session.run("ruff", "format", "--check", *CHECKED)


@nox.session
def mypy(session: nox.Session) -> None:
    """Type-check mcpgen and the maintenance tools (strict)."""
    session.install(*DEV)
    session.run("mypy", "src/mcpgen", "tools", env={"MYPYPATH": "src"})


@nox.session
def tests(session: nox.Session) -> None:
    """Run the fast tiers: unit, CLI and render tests (includes the drift checks)."""
    session.install(*DEV)
    session.run("pytest", *session.posargs)


@nox.session
def e2e(session: nox.Session) -> None:
    """Run the end-to-end tier: install generated projects and talk to running servers."""
    session.install(*DEV)
    session.run("pytest", "--e2e", "tests/e2e", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site with mkdocs-material, failing on any warning."""
    session.install("mkdocs-material>=9.5")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def examples(session: nox.Session) -> None:
    """Regenerate examples/ from each example's own .copier-answers.yml."""
    session.install(*DEV)
    session.run("python", "tools/regen_examples.py", *session.posargs)


@nox.session
def cli_reference(session: nox.Session) -> None:
    """Regenerate docs/reference/cli.md from the Typer app."""
    session.install(*DEV)
    session.run("python", "tools/gen_cli_reference.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks and write benchmarks/results (pass --quick for a short run)."""
    session.install(*DEV)
    session.run("python", "benchmarks/run.py", *session.posargs)
