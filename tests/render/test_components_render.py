"""Components applied onto rendered projects (no install): files, edits, conflicts, atomicity.

The end-to-end tier installs the same combinations and runs their tests, ruff and mypy; this
tier keeps feedback fast and covers the failure paths byte for byte.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import run_tool

from mcpgen import components, options, render
from mcpgen.edits import files
from mcpgen.errors import ComponentError, InvalidNameError, MCPGenError, ProjectNotFoundError

Snapshot = dict[str, bytes | None]
# With a one-letter suffix: near the 30-character limit, where lines must still fit.
LONG = "a_very_long_instance_name_x"


def snapshot(root: Path) -> Snapshot:
    """Every file's bytes and every directory (None), keyed by relative path."""
    return {
        str(path.relative_to(root)): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


@pytest.fixture(scope="session")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """The server rendered once with and once without Docker."""
    base = tmp_path_factory.mktemp("component-baselines")
    rendered = {}
    for docker in (True, False):
        answers = options.resolve_answers(
            "demo", {"transport": "http", "docker": docker, "author_name": "A"}, ask=False
        )
        render.render("server", base / f"docker-{docker}", answers)
        rendered[docker] = base / f"docker-{docker}"
    return rendered


@pytest.fixture
def project(baselines: dict[bool, Path], tmp_path: Path) -> Callable[..., Path]:
    """A fresh copy of a baseline project: ``project(docker=True)``."""

    def copy(*, docker: bool = True) -> Path:
        return Path(shutil.copytree(baselines[docker], tmp_path / "demo"))

    return copy


@pytest.mark.parametrize(
    ("kind", "files"),
    [
        ("weather", ["src/demo/tools/weather.py", "tests/test_weather.py"]),
        (
            "sqlite",
            ["src/demo/tools/sqlite.py", "src/demo/data/sqlite_seed.sql", "tests/test_sqlite.py"],
        ),
        (
            "postgres",
            [
                "src/demo/tools/postgres.py",
                "src/demo/tools/_postgres_sql.py",
                "tests/test_postgres.py",
                "docker/postgres-initdb.sh",
            ],
        ),
    ],
)
def test_each_kind_adds_its_files_and_answers(
    project: Callable[..., Path], kind: str, files: list[str]
) -> None:
    root = project()
    added = components.add(root, kind)
    for name in [*files, f".copier-answers.component-{kind}.yml"]:
        assert (root / name).is_file(), name
    answers = yaml.safe_load((root / f".copier-answers.component-{kind}.yml").read_text())
    assert answers["kind"] == kind
    assert answers["component_name"] == kind
    assert answers["_src_path"] == f"mcpgen:components/{kind}"
    assert {str(path) for path in added.created} >= set(files)
    env = (root / ".env.example").read_text()
    assert all(f"\n{variable}=" in env for variable in added.env)


@pytest.mark.parametrize(
    ("kind", "runtime", "dev"),
    [("weather", ["httpx"], ["respx"]), ("postgres", ["asyncpg", "pglast"], ["asyncpg-stubs"])],
)
def test_dependencies_are_added(
    project: Callable[..., Path], kind: str, runtime: list[str], dev: list[str]
) -> None:
    root = project()
    components.add(root, kind)
    text = (root / "pyproject.toml").read_text()
    project_deps, dev_group = text.split("[dependency-groups]")
    assert all(f'"{name}>=' in project_deps.split("[project.scripts]")[0] for name in runtime)
    assert all(f'"{name}>=' in dev_group for name in dev)


def test_sqlite_needs_no_new_dependencies(project: Callable[..., Path]) -> None:
    root = project()
    before = (root / "pyproject.toml").read_bytes()
    added = components.add(root, "sqlite")
    assert (root / "pyproject.toml").read_bytes() == before
    assert "pyproject.toml" not in {str(path) for path in added.changed}


def test_postgres_without_compose_adds_no_database_service(project: Callable[..., Path]) -> None:
    root = project(docker=False)
    added = components.add(root, "postgres")
    assert not (root / "docker").exists()
    assert "POSTGRES_READER_PASSWORD" not in added.env
    assert not (root / "docker-compose.yml").exists()


def test_two_postgres_instances_get_their_own_everything(project: Callable[..., Path]) -> None:
    root = project()
    components.add(root, "postgres")
    second = components.add(root, "postgres", "analytics_db")
    assert second.tools == ("analytics_db_list_tables", "analytics_db_query")
    module = (root / "src/demo/tools/analytics_db.py").read_text()
    assert 'env_prefix="ANALYTICS_DB_"' in module
    assert "async def analytics_db_query(" in module
    assert "from demo.tools._analytics_db_sql import" in module
    policy = (root / "src/demo/tools/_analytics_db_sql.py").read_text()
    assert "ANALYTICS_DB_EXTRA_FUNCTIONS" in policy
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    assert {"postgres", "analytics-db"} <= set(compose["services"])
    assert set(compose["services"]["server"]["depends_on"]) == {"postgres", "analytics-db"}
    env = (root / ".env.example").read_text()
    assert "\nPOSTGRES_DSN=" in env
    assert "\nANALYTICS_DB_DSN=" in env


def test_all_components_with_long_names_are_ruff_clean(project: Callable[..., Path]) -> None:
    root = project()
    for kind in ("weather", "sqlite", "postgres"):
        components.add(root, kind)
        components.add(root, kind, f"{LONG}_{kind[0]}")
    run_tool("ruff", "check", "--no-cache", ".", cwd=root)
    run_tool("ruff", "format", "--check", "--no-cache", ".", cwd=root)
    run_tool("compileall", "-q", "src", "tests", cwd=root)


def test_an_edited_project_keeps_every_edit(project: Callable[..., Path]) -> None:
    root = project()
    server = root / "src/demo/server.py"
    server.write_text(server.read_text() + "\n# my change\n")
    (root / "src/demo/tools/mine.py").write_text('"""My own tools."""\n')
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        "# reformatted by me\n"
        + pyproject.read_text().replace('"fastmcp>=4.2.3,<5",', '"fastmcp>=4.2.3,<5",  # pinned')
    )
    compose = root / "docker-compose.yml"
    compose.write_text(compose.read_text() + "  cache:  # mine\n    image: redis:7\n")
    before = snapshot(root)
    added = components.add(root, "postgres")
    after = snapshot(root)
    changed = {str(path) for path in added.changed}
    assert changed == {"pyproject.toml", ".env.example", "docker-compose.yml"}
    assert all(after[path] == content for path, content in before.items() if path not in changed)
    assert after[".env.example"].startswith(before[".env.example"])  # type: ignore[union-attr]
    text = pyproject.read_text()
    assert text.startswith("# reformatted by me\n")
    assert '"fastmcp>=4.2.3,<5",  # pinned' in text
    assert "  cache:  # mine\n    image: redis:7\n" in compose.read_text()


def refuses(root: Path, error: type[MCPGenError], match: str, *args: str | None) -> None:
    """``add(root, *args)`` raises ``error`` and leaves the project byte for byte as it was."""
    before = snapshot(root)
    with pytest.raises(error, match=match):
        components.add(root, *args)  # type: ignore[arg-type]
    assert snapshot(root) == before


def test_the_same_instance_twice_is_refused(project: Callable[..., Path]) -> None:
    root = project()
    components.add(root, "weather")
    refuses(root, ComponentError, "already has an integration called 'weather'", "weather")
    refuses(root, ComponentError, "already has", "sqlite", "weather")


@pytest.mark.parametrize(
    ("existing", "name"),
    [
        ("src/demo/tools/forecast.py", "forecast"),
        ("src/demo/tools/forecast/__init__.py", "forecast"),
        ("tests/test_forecast.py", "forecast"),
        ("src/demo/data/forecast_seed.sql", "forecast"),
    ],
)
def test_files_of_the_user_are_never_replaced(
    project: Callable[..., Path], existing: str, name: str
) -> None:
    root = project()
    (root / existing).parent.mkdir(parents=True, exist_ok=True)
    (root / existing).write_text("# mine\n")
    kind = "sqlite" if existing.endswith(".sql") else "weather"
    refuses(root, ComponentError, "already exist", kind, name)


def test_a_variable_the_user_defined_is_a_collision(project: Callable[..., Path]) -> None:
    root = project()
    env = root / ".env.example"
    env.write_text(env.read_text() + "WEATHER_API_KEY=\n")
    refuses(root, ComponentError, "WEATHER_API_KEY", "weather")


@pytest.mark.parametrize(
    "name", ["Bad-Name", "9lives", "_hidden", "class", "json", "mcp", "mcp_tools", "x" * 31]
)
def test_invalid_names_are_refused(project: Callable[..., Path], name: str) -> None:
    refuses(project(), InvalidNameError, "Invalid name", "weather", name)


def test_unknown_kind_names_the_available_ones(project: Callable[..., Path]) -> None:
    refuses(project(), ComponentError, "Unknown integration 'redis'; available: weather", "redis")


def test_outside_a_project_nothing_is_written(tmp_path: Path) -> None:
    refuses(tmp_path, ProjectNotFoundError, "No mcpgen project", "weather")


@pytest.mark.parametrize("failing", ["pyproject.toml", ".env.example", "docker-compose.yml"])
def test_a_failure_while_writing_restores_the_project(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    root = project()
    real_write = files.write

    def interrupted(path: Path, data: bytes, **kwargs: Any) -> Path | None:
        if path.name == failing:
            raise KeyboardInterrupt
        return real_write(path, data, **kwargs)

    before = snapshot(root)
    monkeypatch.setattr(files, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        components.add(root, "postgres")
    monkeypatch.undo()
    assert snapshot(root) == before


def test_the_sql_policy_is_an_allow_list_and_no_tool(project: Callable[..., Path]) -> None:
    root = project()
    components.add(root, "postgres")
    policy = (root / "src/demo/tools/_postgres_sql.py").read_text()
    assert "@tool" not in policy  # the tools package skips "_" modules anyway
    assert "SAFE_FUNCTIONS = frozenset(" in policy
    assert "FORBIDDEN" not in policy + (root / "src/demo/tools/postgres.py").read_text()
    for dangerous in ("query_to_xml", "pg_read_file", "current_setting", "dblink", "lo_import"):
        assert f'"{dangerous}"' not in policy


def test_sqlite_is_guarded_by_an_authorizer(project: Callable[..., Path]) -> None:
    root = project()
    components.add(root, "sqlite")
    module = (root / "src/demo/tools/sqlite.py").read_text()
    for guard in ("set_authorizer", "set_progress_handler", "SQLITE_LIMIT_LENGTH",
                  "SQLITE_LIMIT_ATTACHED", "trusted_schema = OFF"):  # fmt: skip
        assert guard in module
    for dangerous in ("load_extension", "randomblob", "zeroblob", "readfile"):
        assert f'"{dangerous}"' not in module
