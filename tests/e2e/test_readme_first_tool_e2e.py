"""The generated README's first tool and its test, copied as they stand, pass the project's own
checks: its tests, ruff, mypy --strict and ``mcpgen check``."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from support import Generated, mcpgen

pytestmark = pytest.mark.e2e


def test_the_readme_example_tool_and_test_pass_every_check(
    generate_project: Callable[..., Generated],
) -> None:
    project = generate_project("first-tool", "--transport", "stdio")
    readme = (project.root / "README.md").read_text()
    section = readme.split("### Your first tool\n", 1)[1].split("\n## ", 1)[0]
    tool, test = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    (project.root / "src/first_tool/tools/arithmetic.py").write_text(tool)
    (project.root / "tests/test_arithmetic.py").write_text(test)
    try:
        python = str(project.python)
        tested = project.run(python, "-m", "pytest", "-q", "-p", "no:randomly", "-k", "test_add")
        assert "1 passed" in tested.stdout
        project.run(python, "-m", "ruff", "check", ".")
        project.run(python, "-m", "ruff", "format", "--check", ".")
        project.run(python, "-m", "mypy")
        checked = mcpgen("check", "--project", str(project.root), cwd=project.root)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "0 errors, 0 warnings" in checked.stdout
    finally:  # the installed project is shared with other tests of the session
        (project.root / "src/first_tool/tools/arithmetic.py").unlink()
        (project.root / "tests/test_arithmetic.py").unlink()
