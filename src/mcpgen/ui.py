"""Terminal output: consoles, step progress and panels. Respects NO_COLOR and non-terminals."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.panel import Panel

# Diagnostics and progress go to stderr so stdout stays clean for machine-readable output
# (``client-config --print``, ``list --json``).
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def is_interactive() -> bool:
    """True when a person can answer prompts."""
    return sys.stdin.isatty()


class Steps:
    """Reports slow steps: a spinner on a terminal, one line per finished step everywhere."""

    def __init__(self, console: Console = err) -> None:
        self.console = console

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """Show ``label`` while the block runs, then a check mark (or a cross on failure)."""
        status = self.console.status(f"{label}...") if self.console.is_terminal else None
        if status is not None:
            status.start()
        try:
            yield
        except BaseException:
            if status is not None:
                status.stop()
            self.console.print(f"[red]✗[/red] {label}")
            raise
        if status is not None:
            status.stop()
        self.console.print(f"[green]✓[/green] {label}")

    def note(self, message: str) -> None:
        """A line of detail under the current step."""
        self.console.print(f"  {message}")


def error(message: str, hint: str | None = None) -> None:
    """Print a one-line error and an optional hint to stderr."""
    err.print(f"[bold red]Error:[/bold red] {message}", soft_wrap=True)
    if hint:
        err.print(f"[dim]Hint:[/dim] {hint}", soft_wrap=True)


def warning(message: str) -> None:
    """Print a warning to stderr."""
    err.print(f"[bold yellow]Warning:[/bold yellow] {message}", soft_wrap=True)


def panel(title: str, lines: list[str]) -> None:
    """A titled panel (the "next steps" box) on stdout."""
    out.print(Panel("\n".join(lines), title=title, title_align="left", expand=False))
