"""mcpgen's render: byte for byte what copier renders, without its git probes, compiled once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import jinja2
import pytest
from copier import run_copy

from mcpgen import jinja_cache, render

HTTP_ANSWERS = {
    "project_name": "cache-check",
    "package_name": "cache_check",
    "transport": "http",
    "auth": "oauth",
    "docker": True,
    "deploy": "kubernetes",
    "rate_limit": True,
    "otel": True,
}
WEATHER_ANSWERS = {
    "component_name": "weather",
    "kind": "weather",
    "env_prefix": "WEATHER_",
    "package_name": "cache_check",
    "project_name": "cache-check",
    "compose": True,
}
CASES = [
    ("server", {}),
    ("server", HTTP_ANSWERS),
    ("components/weather", WEATHER_ANSWERS),
    ("components/postgres", {**WEATHER_ANSWERS, "component_name": "pg", "kind": "postgres"}),
]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own, and no compiled code left in memory."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("MCPGEN_CACHE_DIR", str(directory))
    monkeypatch.setattr(jinja_cache, "_MEMORY", {})
    monkeypatch.setattr(jinja_cache, "_checked", set())
    return directory / "jinja"


def tree(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path's mode and bytes (None for directories)."""
    return {
        str(path.relative_to(root)): (
            path.stat().st_mode,
            path.read_bytes() if path.is_file() else None,
        )
        for path in sorted(root.rglob("*"))
    }


def plain_copier(template: str, dest: Path, data: dict[str, Any]) -> None:
    run_copy(
        str(render.template_path(template)),
        dest,
        data=data,
        defaults=True,
        quiet=True,
        unsafe=False,
        skip_tasks=True,
    )


@pytest.mark.parametrize(("template", "data"), CASES)
def test_render_is_byte_identical_to_copier(
    template: str, data: dict[str, Any], tmp_path: Path
) -> None:
    plain_copier(template, tmp_path / "copier", data)
    render.render(template, tmp_path / "cold", data)
    jinja_cache._MEMORY.clear()
    render.render(template, tmp_path / "warm", data)

    expected = tree(tmp_path / "copier")
    assert tree(tmp_path / "cold") == expected
    assert tree(tmp_path / "warm") == expected


def test_a_second_run_compiles_nothing(tmp_path: Path, private_cache: Path) -> None:
    render.render("server", tmp_path / "first", HTTP_ANSWERS)
    stored = sorted(private_cache.iterdir())
    assert stored, "the first render stores its compiled templates"
    jinja_cache._MEMORY.clear()  # as in a new process

    render.render("server", tmp_path / "second", HTTP_ANSWERS)

    assert sorted(private_cache.iterdir()) == stored
    assert tree(tmp_path / "second") == tree(tmp_path / "first")


def test_corrupt_entries_are_compiled_again(tmp_path: Path, private_cache: Path) -> None:
    render.render("server", tmp_path / "first", HTTP_ANSWERS)
    for entry in private_cache.iterdir():
        entry.write_bytes(b"\xe3not marshal data" + entry.read_bytes()[:7])
    jinja_cache._MEMORY.clear()

    render.render("server", tmp_path / "second", HTTP_ANSWERS)

    assert tree(tmp_path / "second") == tree(tmp_path / "first")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
@pytest.mark.parametrize("shared", ["directory", "entries"])
def test_code_others_could_write_is_never_run(
    shared: str, tmp_path: Path, private_cache: Path
) -> None:
    poisoned = compile("'poisoned'", "<poison>", "eval")
    render.render("server", tmp_path / "first", {})
    jinja_cache._MEMORY.clear()
    import marshal

    for entry in private_cache.iterdir():
        entry.write_bytes(marshal.dumps(poisoned))
        if shared == "entries":
            entry.chmod(0o666)
    if shared == "directory":
        private_cache.chmod(0o777)

    render.render("server", tmp_path / "second", {})

    assert tree(tmp_path / "second") == tree(tmp_path / "first")


def test_environments_that_compile_differently_do_not_share_code() -> None:
    source = "{% if true %}\n  kept\n{% endif %}\n"
    for trim in (False, True, False):
        cached = jinja2.Environment(trim_blocks=trim, lstrip_blocks=trim)
        jinja_cache.install(cached)
        plain = jinja2.Environment(trim_blocks=trim, lstrip_blocks=trim)
        assert cached.from_string(source).render() == plain.from_string(source).render()


def test_rendering_a_shipped_template_runs_no_git(tmp_path: Path) -> None:
    """copier probes the template and every rendered file with git; mcpgen needs neither."""
    git = subprocess.run(["which", "git"], capture_output=True, text=True, check=False)
    if git.returncode != 0:
        pytest.skip("git is not installed, so copier runs no git either")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "git.log"
    wrapper = bin_dir / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {git.stdout.strip()} "$@"\n')
    wrapper.chmod(0o755)
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from copier import run_copy
        from mcpgen import render
        if sys.argv[1] == "copier":
            run_copy(str(render.template_path("server")), Path(sys.argv[2]), defaults=True,
                     quiet=True, skip_tasks=True)
        else:
            render.render("server", Path(sys.argv[2]), {})
        """
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    counts = {}
    for how in ("copier", "mcpgen"):
        log.write_text("")
        subprocess.run(
            [sys.executable, "-c", script, how, str(tmp_path / how)], env=env, check=True
        )
        counts[how] = len(log.read_text().splitlines())

    assert counts["copier"] > 0, "the wrapper sees copier's git processes"
    assert counts["mcpgen"] == 0


def test_a_cache_grown_past_its_limit_is_emptied(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jinja_cache, "MAX_ENTRIES", 10)
    private_cache.mkdir(parents=True, mode=0o700)
    for number in range(11):
        (private_cache / f"stale-{number}").write_bytes(b"old")

    render.render("components/weather", tmp_path / "out", WEATHER_ANSWERS)

    left = [entry.name for entry in private_cache.iterdir()]
    assert left, "what this render compiled is stored"
    assert not [name for name in left if name.startswith("stale-")]
