"""Terminal output: consoles, step progress and panels. Respects NO_COLOR and non-terminals.

Output that is not a terminal (a pipe, a log, CI) is never wrapped: a command or a table cell
split over two lines cannot be copied, so there every line is printed whole and tables
become plain lines.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# Diagnostics and progress go to stderr (``err``) so stdout (``out``) stays clean for
# machine-readable output (``client-config --print``, ``list --json``). Both consoles are made
# on first use: importing rich.console costs ~0.07 s, which ``mcpgen --version`` need not pay.
_consoles: dict[str, Console] = {}

# Step labels are written as done ("Rendered x"); while a step runs it reads as running.
_RUNNING = {
    "Added": "Adding",
    "Checked": "Checking",
    "Created": "Creating",
    "Installed": "Installing",
    "Listed": "Listing",
    "Loaded": "Loading",
    "Locked": "Locking",
    "Packed": "Packing",
    "Ran": "Running",
    "Re-rendered": "Re-rendering",
    "Refreshed": "Refreshing",
    "Recorded": "Recording",
    "Rendered": "Rendering",
    "Stored": "Storing",
    "Started": "Starting",
    "Validated": "Validating",
    "Wrote": "Writing",
}


def _console(name: str) -> Console:
    if name not in _consoles:
        from rich.console import Console

        console = Console(stderr=name == "err", highlight=False)
        console.soft_wrap = not console.is_terminal
        _consoles[name] = console
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


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 prompt``, ``2 prompts``, ``0 entries`` (with ``many`` for irregular plurals)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def running_label(done: str) -> str:
    """``Installed dependencies`` -> ``Installing dependencies…``."""
    verb, space, rest = done.partition(" ")
    return f"{_RUNNING.get(verb, verb)}{space}{rest}…"


class Steps:
    """Reports slow steps: a spinner while one runs, then a line saying it is done or failed."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console if console is not None else _console("err")

    @contextmanager
    def step(self, label: str, running: str | None = None) -> Iterator[None]:
        """Show ``running`` while the block runs, then ``✓ label``, or ``✗ ... failed``."""
        running = running or running_label(label)
        status = self.console.status(running) if self.console.is_terminal else None
        if status is not None:
            status.start()
        try:
            yield
        except BaseException:
            if status is not None:
                status.stop()
            self.console.print(f"[red]✗[/red] {_escape(running.rstrip('…'))} failed")
            raise
        if status is not None:
            status.stop()
        self.console.print(f"[green]✓[/green] {_escape(label)}")

    def note(self, message: str) -> None:
        """A line of detail under the current step."""
        self.console.print(f"  {_escape(message)}")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def error(message: str, hint: str | None = None) -> None:
    """Print a one-line error and an optional hint to stderr."""
    err = _console("err")
    err.print(f"[bold red]Error:[/bold red] {_escape(message)}", soft_wrap=True)
    if hint:
        err.print(f"[dim]Hint:[/dim] {_escape(hint)}", soft_wrap=True)


def warning(message: str) -> None:
    """Print a warning to stderr."""
    _console("err").print(f"[bold yellow]Warning:[/bold yellow] {_escape(message)}", soft_wrap=True)


def panel(title: str, lines: Sequence[str]) -> None:
    """A titled block of commands (the "next steps") on stdout.

    Plain indented lines rather than a box: a command wider than the terminal is soft-wrapped
    by the terminal itself, so it is still copied as one line, without box borders.
    """
    out = _console("out")
    out.print(f"[bold]{_escape(title)}:[/bold]")
    for line in lines:
        command, mark, comment = line.partition("# ")
        text = f"  {_escape(command)}" if command.strip() or not mark else "  "
        if mark:
            text += f"[dim]# {_escape(comment)}[/dim]"
        out.print(text if line else "", soft_wrap=True)
