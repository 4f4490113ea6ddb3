"""Property: any name and option combination gives a compilable project or a clean error.

Whatever is typed, nothing is ever written outside the destination, and a failure leaves no
files at all.
"""

from __future__ import annotations

import compileall
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mcpgen.cli import app

runner = CliRunner()

names = st.one_of(
    st.text(min_size=0, max_size=30),
    st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,20}", fullmatch=True),
    st.sampled_from(["..", "../x", "a/b", "con", "os", "class", "Ünïcode", " lead", "x" * 70]),
)
options = st.fixed_dictionaries(
    {},
    optional={
        "--transport": st.sampled_from(["stdio", "http", "sse", "bogus", ""]),
        "--auth": st.sampled_from(["none", "api-key", "nope"]),
        "--python": st.sampled_from(["3.11", "3.13", "2.7"]),
        "--port": st.integers(min_value=-5, max_value=70000).map(str),
        "--description": st.text(max_size=40),
        "--author": st.text(max_size=20),
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, opts=options, docker=st.booleans())
def test_new_yields_a_project_or_a_clean_error(
    name: str, opts: dict[str, str], docker: bool
) -> None:
    outer = Path(tempfile.mkdtemp(prefix="mcpgen-prop-"))
    try:
        workdir = outer / "work"
        workdir.mkdir()
        args = ["new", name, "--yes", "--no-git", "--dest", str(workdir / "out")]
        args += [item for pair in opts.items() for item in pair]
        args.append("--docker" if docker else "--no-docker")
        result = runner.invoke(app, args)
        assert [p.name for p in outer.iterdir()] == ["work"], "nothing outside the destination"
        if result.exit_code == 0:
            assert compileall.compile_dir(workdir / "out" / "src", quiet=2)
            assert compileall.compile_dir(workdir / "out" / "tests", quiet=2)
            package = next((workdir / "out" / "src").iterdir())
            assert (package / "server.py").is_file()
        else:
            assert result.exit_code in (1, 2), result.output
            assert "Error:" in result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert list(workdir.iterdir()) == [], "a failed run leaves nothing behind"
    finally:
        shutil.rmtree(outer, ignore_errors=True)
