"""Adding a database service to a project's ``docker-compose.yml``, comments and all kept.

ruamel.yaml's round-trip mode is used because it is the one YAML library that keeps comments,
key order and quoting of the parts it does not touch; PyYAML would drop every comment.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from mcpgen.errors import ComponentError

# Pinned by digest (the multi-architecture index, as Renovate-managed public projects pin it);
# the generated Dependabot config's docker-compose entry proposes new digests.
POSTGRES_IMAGE = (
    "postgres:17-alpine@sha256:742f40ea20b9ff2ff31db5458d127452988a2164df9e17441e191f3b72252193"
)
POSTGRES_DB = "app"


@dataclass(frozen=True)
class DatabaseService:
    """A PostgreSQL service for one component instance, with its own volume and roles."""

    service: str  # compose service name, also the host name the server connects to
    instance: str  # component instance name, e.g. analytics_db
    prefix: str  # settings prefix, e.g. ANALYTICS_DB_
    init_script: str  # project-relative path of the script creating the read-only role

    @property
    def owner(self) -> str:
        return f"{self.instance}_owner"

    @property
    def reader(self) -> str:
        return f"{self.instance}_reader"

    @property
    def volume(self) -> str:
        return f"{self.service}-data"

    def required(self, variable: str) -> str:
        """Compose interpolation that refuses to start while ``variable`` is unset."""
        return f"${{{self.prefix}{variable}:?set {self.prefix}{variable} in .env}}"

    def definition(self) -> str:
        """The service as YAML text."""
        return f"""\
image: {POSTGRES_IMAGE}
environment:
  POSTGRES_DB: {POSTGRES_DB}
  POSTGRES_USER: {self.owner}
  POSTGRES_PASSWORD: {self.required("ADMIN_PASSWORD")}
  READER_ROLE: {self.reader}
  READER_PASSWORD: {self.required("READER_PASSWORD")}
volumes:
  - {self.volume}:/var/lib/postgresql/data
  - ./{self.init_script}:/docker-entrypoint-initdb.d/10-{self.instance}-reader.sh:ro
healthcheck:
  test: ["CMD-SHELL", "pg_isready -U {self.owner} -d {POSTGRES_DB}"]
  interval: 5s
  timeout: 5s
  start_period: 10s
  retries: 10
restart: unless-stopped
"""

    def dsn(self) -> str:
        """The URL the server uses inside compose: the read-only role, never the owner."""
        return (
            f"postgresql://{self.reader}:{self.required('READER_PASSWORD')}"
            f"@{self.service}:5432/{POSTGRES_DB}"
        )


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def _mapping(parent: CommentedMap, key: str) -> CommentedMap:
    value = parent.get(key)
    if value is None:
        parent[key] = value = CommentedMap()
    if not isinstance(value, CommentedMap):
        raise ComponentError(
            f"docker-compose.yml: '{key}' is not a mapping.",
            hint="Fix docker-compose.yml and try again.",
        )
    return value


def _depend_on_healthy(server: CommentedMap, service: str) -> None:
    depends = server.get("depends_on")
    if isinstance(depends, CommentedSeq):
        # The short (list) form cannot express conditions; switch to the long form.
        server["depends_on"] = CommentedMap(
            (str(name), CommentedMap(condition="service_started")) for name in depends
        )
    _mapping(server, "depends_on")[service] = CommentedMap(condition="service_healthy")


def _set_environment(server: CommentedMap, name: str, value: str) -> None:
    environment = server.get("environment")
    if isinstance(environment, CommentedSeq):
        environment.append(f"{name}={value}")
        return
    _mapping(server, "environment")[name] = value


def add_database_service(text: str, database: DatabaseService) -> tuple[str, list[str]]:
    """``text`` with the database service added, and notes on anything left for the user.

    Every service built from the project (``build:``) gains the DSN of the read-only role and
    waits for the database to be healthy before it starts.
    """
    yaml = _yaml()
    try:
        document: Any = yaml.load(text)
    except YAMLError as exc:
        raise ComponentError(
            f"docker-compose.yml is not valid YAML: {exc}",
            hint="Fix docker-compose.yml and try again.",
        ) from exc
    if not isinstance(document, CommentedMap):
        raise ComponentError(
            "docker-compose.yml is not a mapping.", hint="Fix docker-compose.yml and try again."
        )
    services = _mapping(document, "services")
    volumes = _mapping(document, "volumes")
    if database.service in services or database.volume in volumes:
        raise ComponentError(
            f"docker-compose.yml already has a '{database.service}' service or volume.",
            hint="Choose another --name, or rename the existing service.",
        )
    services[database.service] = yaml.load(database.definition())
    volumes[database.volume] = None
    servers = [
        name
        for name, spec in services.items()
        if isinstance(spec, CommentedMap) and "build" in spec
    ]
    for name in servers:
        _depend_on_healthy(services[name], database.service)
        _set_environment(services[name], f"{database.prefix}DSN", database.dsn())
    notes = []
    if not servers:
        notes.append(
            "docker-compose.yml has no service with 'build:'; point your server at "
            f"{database.service} with {database.prefix}DSN yourself."
        )
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue(), notes
