"""The integrations mcpgen can add: what each one is, needs and adds besides its own files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mcpgen import suggest
from mcpgen.errors import ComponentError


@dataclass(frozen=True)
class EnvVar:
    """A variable the component reads, written to ``.env.example`` with its comment."""

    suffix: str
    default: str
    comment: str


@dataclass(frozen=True)
class Kind:
    """One kind of integration and everything mcpgen needs to add an instance of it."""

    name: str
    summary: str
    dependencies: tuple[str, ...]
    dev_dependencies: tuple[str, ...]
    env: tuple[EnvVar, ...]
    # The tools an instance called NAME registers (tool names carry the instance name).
    tools: Callable[[str], tuple[str, ...]]
    needs_database_service: bool = False
    # What a scaffold of the user's own makes ("tool"): it has no sensible default name.
    scaffold: str = ""
    # The resource URIs and prompts an instance called NAME serves.
    resources: Callable[[str], tuple[str, ...]] = lambda name: ()
    prompts: Callable[[str], tuple[str, ...]] = lambda name: ()
    # Text the project's own files must hold, as (path with {package}, text): what the
    # component imports from a skeleton that an older mcpgen rendered without it.
    requires: tuple[tuple[str, str], ...] = ()
    # At most one per project, under the kind's own name (its files' names are fixed).
    single: bool = False
    # The add-tool option an instance needs besides --name ("" for none).
    option: str = ""

    @property
    def needs_name(self) -> bool:
        """Whether ``--name`` must be given (scaffolds of the user's own pieces)."""
        return bool(self.scaffold)

    @property
    def new_can_add(self) -> bool:
        """Whether ``new --with`` can add it: it needs neither a name nor an option."""
        return not (self.needs_name or self.option)

    @property
    def label(self) -> str:
        """What an instance is called in messages: "the weather integration", "the custom tool"."""
        return f"{self.name} {self.scaffold or 'integration'}"

    @property
    def template(self) -> str:
        """The component's copier template, relative to mcpgen's templates directory."""
        return f"components/{self.name}"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="weather",
            summary="Current weather for a city from an OpenWeatherMap-compatible HTTP API.",
            dependencies=("httpx>=0.27",),
            dev_dependencies=("respx>=0.22",),
            env=(
                EnvVar(
                    "API_KEY",
                    "",
                    "OpenWeatherMap API key (https://openweathermap.org/api). Never commit it.",
                ),
                EnvVar(
                    "BASE_URL",
                    "https://api.openweathermap.org/data/2.5",
                    "Base URL of the current-weather API (change it for a proxy or a mock).",
                ),
                EnvVar("TIMEOUT_SECONDS", "10", "Timeout for each upstream request, in seconds."),
            ),
            tools=lambda name: (f"{name}_current",),
        ),
        Kind(
            name="sqlite",
            summary="Read rows from allow-listed tables of a SQLite file, opened read-only.",
            dependencies=(),
            dev_dependencies=(),
            env=(
                EnvVar(
                    "PATH",
                    "",
                    "SQLite file to read (opened read-only). Empty: a demo database built from "
                    "the bundled seed SQL.",
                ),
                EnvVar(
                    "TABLES",
                    "customers,orders,products",
                    "Comma-separated tables (or views) the tools may read; all others are refused.",
                ),
                EnvVar("MAX_ROWS", "100", "Largest number of rows one call returns."),
                EnvVar(
                    "MAX_BYTES",
                    "1048576",
                    "Largest size in bytes of one call's rows (as JSON) and of any one value.",
                ),
                EnvVar("TIMEOUT_MS", "5000", "Reads running longer are stopped (ms)."),
            ),
            tools=lambda name: (f"{name}_list_tables", f"{name}_query"),
        ),
        Kind(
            name="postgres",
            summary="Read-only SQL (one parsed SELECT) against PostgreSQL through an asyncpg pool.",
            dependencies=("asyncpg>=0.30", "pglast>=7.0"),
            dev_dependencies=("asyncpg-stubs>=0.30",),
            env=(
                EnvVar(
                    "DSN",
                    "",
                    "postgresql://USER:PASSWORD@HOST:5432/DB of a read-only role (not a "
                    "superuser). Never commit it.",
                ),
                EnvVar("SCHEMAS", "public", "Comma-separated schemas queries may read."),
                EnvVar("MAX_ROWS", "500", "Largest number of rows one query returns."),
                EnvVar(
                    "MAX_BYTES",
                    "1048576",
                    "Largest size in bytes of one query's rows (as JSON); the result reports "
                    "truncated_by.",
                ),
                EnvVar(
                    "EXTRA_FUNCTIONS",
                    "",
                    "Comma-separated functions to allow besides the built-in allow-list: name "
                    "(a built-in) or schema.name.",
                ),
                EnvVar(
                    "STATEMENT_TIMEOUT_MS", "5000", "Queries running longer are cancelled (ms)."
                ),
                EnvVar(
                    "ALLOW_SUPERUSER",
                    "false",
                    "true lets the tool connect as a superuser (read-only transactions do not "
                    "stop a superuser from reading files or running programs). Keep false.",
                ),
            ),
            tools=lambda name: (f"{name}_list_tables", f"{name}_query"),
            needs_database_service=True,
        ),
        Kind(
            name="examples",
            summary="A tour of MCP features over bundled documents: structured output, progress, "
            "resource links, a form, a completed resource template.",
            dependencies=(),
            dev_dependencies=(),
            env=(),
            tools=lambda name: ("search_documents", "list_documents", "give_feedback"),
            requires=(("src/{package}/components.py", "def completes("),),
            resources=lambda name: ("docs://documents/{slug}",),
            single=True,
        ),
        # The user's own pieces: typed scaffolds to fill in, no dependencies or settings.
        Kind(
            name="custom",
            summary="Your own tool: a typed, annotated scaffold with structured output and tests.",
            dependencies=(),
            dev_dependencies=(),
            env=(),
            tools=lambda name: (name,),
            scaffold="tool",
        ),
        Kind(
            name="resource",
            summary="Your own resources: a static one and a URI template with argument completion.",
            dependencies=(),
            dev_dependencies=(),
            env=(),
            tools=lambda name: (),
            scaffold="resources",
            requires=(("src/{package}/components.py", "def completes("),),
            resources=lambda name: (
                f"{uri_scheme(name)}://index",
                f"{uri_scheme(name)}://items/{{item_id}}",
            ),
        ),
        Kind(
            name="prompt",
            summary="Your own prompt: a reusable message template with documented arguments.",
            dependencies=(),
            dev_dependencies=(),
            env=(),
            tools=lambda name: (),
            scaffold="prompt",
            prompts=lambda name: (name,),
        ),
        # openapi and files take an option besides --name (see component_data).
        Kind(
            name="openapi",
            summary="One tool per operation of an OpenAPI 3.0/3.1 document (--spec FILE_OR_URL).",
            dependencies=(),
            dev_dependencies=(),
            env=(
                EnvVar(
                    "BASE_URL",
                    "",
                    "Base URL of the API (empty: the first server in the stored document).",
                ),
                EnvVar(
                    "TOKEN", "", "Bearer token sent as 'Authorization: Bearer'. Never commit it."
                ),
                EnvVar("API_KEY", "", "API key sent in a header. Never commit it."),
                EnvVar(
                    "API_KEY_HEADER",
                    "",
                    "Header carrying the API key (empty: the document's apiKey scheme, else "
                    "X-API-Key).",
                ),
                EnvVar("TIMEOUT_SECONDS", "30", "Timeout for each request to the API, in seconds."),
                EnvVar("MAX_RESPONSE_BYTES", "1048576", "Larger responses are refused (bytes)."),
            ),
            tools=lambda name: (),  # the stored document's operations (component_data)
            option="--spec",
        ),
        Kind(
            name="files",
            summary="Read-only access to one directory: read, list and search tools, a resource "
            "per file (--root DIR).",
            dependencies=(),
            dev_dependencies=("hypothesis>=6.100",),
            env=(
                EnvVar(
                    "ROOT",
                    "",
                    "Directory served (mcpgen add-tool files --root writes it to .env).",
                ),
                EnvVar("MAX_FILE_BYTES", "1048576", "Larger files are refused (bytes)."),
                EnvVar("MAX_RESULTS", "200", "Most entries a list or search call returns."),
            ),
            tools=lambda name: (f"{name}_read", f"{name}_list", f"{name}_search"),
            option="--root",
            resources=lambda name: (f"{uri_scheme(name)}://{{path*}}",),
        ),
    )
}


def get(kind: str) -> Kind:
    """The kind called ``kind``, or a ComponentError naming the available ones."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ComponentError(
            f"Unknown integration {kind!r}; available: {', '.join(KINDS)}.",
            hint=_hint(kind),
        ) from None


def _hint(kind: str) -> str:
    guesses = suggest.closest(kind, KINDS)
    guess = f"Did you mean {' or '.join(map(repr, guesses))}? " if guesses else ""
    return f"{guess}'mcpgen add-tool --list' describes each one."


def uri_scheme(instance: str) -> str:
    """The URI scheme of an instance's resources (schemes may not contain ``_``)."""
    return instance.replace("_", "-")


def env_prefix(instance: str) -> str:
    """The settings prefix of an instance: ``analytics_db`` reads ``ANALYTICS_DB_*``."""
    return f"{instance.upper()}_"
