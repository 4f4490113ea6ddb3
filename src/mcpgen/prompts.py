"""``mcpgen new``'s questions on a terminal: choices and default shown, wrong answers re-asked."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from mcpgen import ui
from mcpgen.errors import UsageError
from mcpgen.options import Question


def format_prompt(question: Question, default: Any) -> str:
    """``Default transport [stdio/http/sse] (stdio): `` with markup escaped."""
    label = escape(question.label)
    if question.choices:
        label += f" [cyan]{escape('[' + '/'.join(question.choices) + ']')}[/cyan]"
    if isinstance(default, bool):
        label += " [bold](Y/n)[/bold]" if default else " [bold](y/N)[/bold]"
    else:
        label += f" [bold]({escape(str(default))})[/bold]"
    return f"{label}: "


def ask_on_terminal(question: Question, default: Any, problem: str | None) -> str:
    """Print what was wrong with the last answer, if anything, then ask ``question``."""
    console = ui.err
    if problem is not None:
        console.print(f"[red]✗[/red] {escape(problem)}", soft_wrap=True)
    try:
        return console.input(format_prompt(question, default))
    except EOFError:
        raise UsageError(
            f"The input ended before {question.label.rstrip('?').lower()!r} was answered.",
            hint="Give the answers as options, or --yes to take the defaults.",
        ) from None
