"""Terminal output: steps read as running, then done or failed; plurals; plain panels."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from mcpgen import ui


def console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=False, no_color=True, width=40), buffer


def test_a_finished_step_reads_as_done() -> None:
    output, buffer = console()
    with ui.Steps(output).step("Installed dependencies (uv sync)"):
        pass
    assert buffer.getvalue() == "✓ Installed dependencies (uv sync)\n"


def test_a_failed_step_reads_as_failed_never_as_done() -> None:
    output, buffer = console()
    with pytest.raises(RuntimeError), ui.Steps(output).step("Ran the project's tests"):
        raise RuntimeError
    assert buffer.getvalue() == "✗ Running the project's tests failed\n"


@pytest.mark.parametrize(
    ("done", "running"),
    [
        ("Installed dependencies (uv sync)", "Installing dependencies (uv sync)…"),
        ("Rendered demo (FastMCP server)", "Rendering demo (FastMCP server)…"),
        ("Created a git repository", "Creating a git repository…"),
        ("Added the sqlite integration", "Adding the sqlite integration…"),
        ("Ran the project's tests", "Running the project's tests…"),
    ],
)
def test_a_running_step_reads_as_running(done: str, running: str) -> None:
    assert ui.running_label(done) == running


@pytest.mark.parametrize(("count", "text"), [(0, "0 prompts"), (1, "1 prompt"), (2, "2 prompts")])
def test_plurals(count: int, text: str) -> None:
    assert ui.plural(count, "prompt") == text


def test_next_steps_are_plain_lines_that_a_terminal_wraps_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buffer = io.StringIO()
    monkeypatch.setitem(
        ui._consoles, "out", Console(file=buffer, force_terminal=True, no_color=True, width=30)
    )
    long = "npx @modelcontextprotocol/inspector --cli http://127.0.0.1:8000/mcp"
    ui.panel("Next steps", ["uv sync  # install", "# try it:", long])
    text = re.sub(r"\x1b\[[0-9;]*m", "", buffer.getvalue())
    assert text.splitlines() == ["Next steps:", "  uv sync  # install", "  # try it:", f"  {long}"]


def test_off_a_terminal_long_lines_are_never_wrapped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    monkeypatch.setattr(ui, "_consoles", {})
    message = "Recorded the pristine render; 'mcpgen update' can now merge template changes."
    ui.out.print(message)
    ui.error(message, "Run 'mcpgen update --dry-run' to see what would change.")
    out, err = capsys.readouterr()
    assert out == message + "\n"
    assert err.splitlines()[0] == f"Error: {message}"


def step_labels() -> list[str]:
    """Every step label in mcpgen's source: ``.step("Locked ...")``, ``_step(reporter, f"...")``."""
    source = Path(ui.__file__).parent
    found = re.compile(r"""step\(\s*(?:reporter,\s*)?f?(["'])([A-Z].*?)\1""")
    return sorted(
        {
            match.group(2)
            for path in source.rglob("*.py")
            for match in found.finditer(path.read_text())
        }
    )


def test_the_labels_are_found() -> None:
    assert {"Locked the dependencies (uv lock)", "Ran the project's tests"} <= set(step_labels())


@pytest.mark.parametrize("label", step_labels())
def test_every_step_of_mcpgen_reads_as_running_while_it_runs(label: str) -> None:
    verb = label.split(maxsplit=1)[0]
    assert verb in ui._RUNNING, f"{label!r}: add the -ing form of {verb!r} to ui._RUNNING"
