"""A PostgreSQL service is added to docker-compose.yml with comments and services kept."""

from __future__ import annotations

import pytest
import yaml

from mcpgen.edits.compose import DatabaseService, add_database_service
from mcpgen.errors import ComponentError

COMPOSE = """\
# my stack: keep this comment
services:
  server:
    build: .
    environment:
      MCP_PORT: "8000"   # inline comment
    depends_on:
      - cache
  cache:
    image: redis:7   # a service of mine
"""
DATABASE = DatabaseService(
    service="analytics-db",
    instance="analytics_db",
    prefix="ANALYTICS_DB_",
    init_script="docker/analytics_db-initdb.sh",
)


def test_adds_service_volume_dependency_and_dsn() -> None:
    text, notes = add_database_service(COMPOSE, DATABASE)
    compose = yaml.safe_load(text)
    database = compose["services"]["analytics-db"]
    assert database["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(database["healthcheck"]["test"])
    assert "analytics-db-data:/var/lib/postgresql/data" in database["volumes"]
    assert "analytics-db-data" in compose["volumes"]
    server = compose["services"]["server"]
    assert server["depends_on"] == {
        "cache": {"condition": "service_started"},
        "analytics-db": {"condition": "service_healthy"},
    }
    dsn = server["environment"]["ANALYTICS_DB_DSN"]
    assert dsn.startswith("postgresql://analytics_db_reader:${ANALYTICS_DB_READER_PASSWORD:?")
    assert notes == []


def test_comments_and_other_services_survive() -> None:
    text, _ = add_database_service(COMPOSE, DATABASE)
    for line in ("# my stack: keep this comment", 'MCP_PORT: "8000"   # inline comment',
                 "image: redis:7   # a service of mine"):  # fmt: skip
        assert line in text


def test_list_environment_gains_an_entry() -> None:
    text, _ = add_database_service(
        "services:\n  app:\n    build: .\n    environment:\n      - A=1\n", DATABASE
    )
    assert yaml.safe_load(text)["services"]["app"]["environment"][1].startswith(
        "ANALYTICS_DB_DSN=postgresql://"
    )


def test_without_a_built_service_it_says_what_to_do() -> None:
    _, notes = add_database_service("services:\n  web:\n    image: nginx\n", DATABASE)
    assert "ANALYTICS_DB_DSN" in notes[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("services:\n  analytics-db:\n    image: x\n", "already has"),
        ("services: [\n", "not valid YAML"),
        ("- a\n", "not a mapping"),
    ],
)
def test_conflicts_and_broken_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(ComponentError, match=message):
        add_database_service(text, DATABASE)
