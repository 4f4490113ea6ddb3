"""``mcpgen new`` at a real terminal (a pseudo-terminal driven by pexpect).

A wrong answer is asked again with the reason and the choices; no earlier answer is lost; only
the questions that apply are asked; options are checked before the first question.
"""

from __future__ import annotations

import re
from pathlib import Path

import pexpect
import pytest
import yaml
from support import MCPGEN, project_env

# (the start of the question, a wrong answer, what the re-ask says, the right answer)
WRONG_THEN_RIGHT = [
    ("Description", "x" * 300, "one line of at most 200", "A demo server."),
    ("Author", "A" * 250, "one line of at most 200", "Ada Lovelace"),
    ("Author e-mail", "not-an-email", "is not an e-mail address", "ada@example.com"),
    ("Minimum Python version", "2.7", "3.11, 3.12, 3.13, 3.14", "3.11"),
    ("Default transport", "htp", "Did you mean 'http'?", "http"),
    ("Dockerfile and compose file?", "maybe", "Answer y or n", "y"),
    ("HTTP port", "99999", "from 1 to 65535", "8123"),
    ("HTTP auth", "API-KEY", "Did you mean 'api-key'?", "api-key"),
    ("Rate limits on tool calls?", "perhaps", "Answer y or n", "y"),
    ("Deployment manifests", "nomad", "none, kubernetes", "none"),
    ("OpenTelemetry tracing?", "sometimes", "Answer y or n", "n"),
    ("Integrations to add", "wether", "Did you mean 'weather'?", "weather, sqlite"),
    ("Install dependencies", "later", "Answer y or n", "n"),
]


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**project_env(), "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "200"}
    env.pop("GIT_CONFIG_GLOBAL", None)
    child = pexpect.spawn(
        MCPGEN[0], [*MCPGEN[1:], *args], cwd=str(cwd), env=env, encoding="utf-8", timeout=60
    )
    child.setwinsize(50, 200)
    return child


def test_every_question_answered_wrongly_once_still_makes_the_project(tmp_path: Path) -> None:
    child = spawn("new", "demo", "--no-git", cwd=tmp_path)
    for question, wrong, reason, right in WRONG_THEN_RIGHT:
        child.expect_exact(question)
        child.expect_exact(": ")
        child.sendline(wrong)
        child.expect_exact(reason)
        child.expect_exact(question)
        child.sendline(right)
    child.expect_exact("Next steps")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    answers = yaml.safe_load((tmp_path / "demo/.copier-answers.yml").read_text())
    assert {key: answers[key] for key in ("description", "author_name", "author_email")} == {
        "description": "A demo server.",
        "author_name": "Ada Lovelace",
        "author_email": "ada@example.com",
    }
    assert (answers["python_version"], answers["transport"], answers["http_port"]) == (
        "3.11",
        "http",
        8123,
    )
    assert (answers["auth"], answers["docker"], answers["rate_limit"], answers["otel"]) == (
        "api-key",
        True,
        True,
        False,
    )
    for kind in ("weather", "sqlite"):
        assert (tmp_path / f"demo/.copier-answers.component-{kind}.yml").is_file()
    assert not (tmp_path / "demo/.venv").exists(), "install was declined"


def test_a_stdio_project_is_not_asked_about_http(tmp_path: Path) -> None:
    child = spawn("new", "demo", "--no-git", "--transport", "stdio", "--no-docker", cwd=tmp_path)
    transcript = ""
    while True:
        index = child.expect([r"\)(\x1b\[0m)?: ", "Next steps", pexpect.EOF])
        transcript += (child.before or "") + (child.after if isinstance(child.after, str) else "")
        if index != 0:
            break
        child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, transcript
    transcript = re.sub(r"\x1b\[[0-9;]*m", "", transcript)
    for question in ("HTTP port", "HTTP auth", "Rate limits", "Deployment manifests"):
        assert question not in transcript
    assert "Minimum Python version [3.11/3.12/3.13/3.14] (3.11)" in transcript
    assert "Integrations to add" in transcript


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--auth", "apikey"], "Did you mean 'api-key'?"),
        (["--transport", "htp"], "Did you mean 'http'?"),
        (["--python", "2.7"], "3.11, 3.12, 3.13, 3.14"),
        (["--deploy", "nomad"], "none, kubernetes"),
        (["--description", "two\nlines"], "one line"),
        (["--with", "wether"], "Did you mean 'weather'?"),
        (["--port", "0"], "from 1 to 65535"),
        (["--port", "abc"], "from 1 to 65535"),
        (["--email", "nope"], "not an e-mail address"),
    ],
)
def test_bad_options_fail_before_the_first_question(
    tmp_path: Path, args: list[str], said: str
) -> None:
    child = spawn("new", "demo", "--no-git", *args, cwd=tmp_path)
    child.expect(pexpect.EOF)
    child.close()
    output = child.before or ""
    assert child.exitstatus in (1, 2), output
    assert said in output
    assert "Description" not in output, "no question was asked"
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_at_a_question_leaves_nothing(tmp_path: Path) -> None:
    child = spawn("new", "demo", "--no-git", cwd=tmp_path)
    child.expect_exact("Description")
    child.sendline("A server.")
    child.expect_exact("Author")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Interrupted" in (child.before or "")
    assert list(tmp_path.iterdir()) == []
