"""Terminal output: consoles, step progress and panels. Respects NO_COLOR and non-terminals."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# Diagnostics and progress go to stderr (``err``) so stdout (``out``) stays clean for
# machine-readable output (``client-config --print``, ``list --json``). Both consoles are made
# on first use: importing rich.console costs ~0.07 s, which ``mcpgen --version`` need not pay.
_consoles: dict[str, Console] = {}


def _console(name: str) -> Console:
    if name not in _consoles:
        from rich.console import Console

        _consoles[name] = Console(stderr=name == "err", highlight=False)
    return _consoles[name]


def __getattr__(name: str) -> Console:
    """``ui.out`` and ``ui.err``, created on first access."""
    if name not in ("out", "err"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _console(name)


def write(text: str, *, stderr: bool = False) -> None:
    """Write ``text`` exactly as given (no markup, wrapping or colour), e.g. a config snippet.

    Plain output needs no rich console, so ``client-config --print`` does not import rich.
    """
    stream = sys.stderr if stderr else sys.stdout
    stream.write(text)
    stream.flush()


def is_interactive() -> bool:
    """True when a person can answer prompts."""
    return sys.stdin.isatty()


class Steps:
    """Reports slow steps: a spinner on a terminal, one line per finished step everywhere."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console if console is not None else _console("err")

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
    err = _console("err")
    err.print(f"[bold red]Error:[/bold red] {message}", soft_wrap=True)
    if hint:
        err.print(f"[dim]Hint:[/dim] {hint}", soft_wrap=True)


def warning(message: str) -> None:
    """Print a warning to stderr."""
    _console("err").print(f"[bold yellow]Warning:[/bold yellow] {message}", soft_wrap=True)


def panel(title: str, lines: list[str]) -> None:
    """A titled panel (the "next steps" box) on stdout."""
    from rich.panel import Panel

    _console("out").print(Panel("\n".join(lines), title=title, title_align="left", expand=False))
