"""Reading a generated project: its location and the answers it was rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcpgen.errors import ProjectNotFoundError

ANSWERS_FILE = ".copier-answers.yml"
COMPONENT_ANSWERS_GLOB = ".copier-answers.component-*.yml"


def component_answers_file(name: str) -> str:
    """The answers file of the component instance called ``name``."""
    return f".copier-answers.component-{name}.yml"


@dataclass(frozen=True)
class Project:
    """A generated project as recorded in its answers files."""

    root: Path
    answers: dict[str, Any]
    components: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Distribution name, also the console script name."""
        return str(self.answers["project_name"])

    @property
    def package(self) -> str:
        """Import name of the project's Python package."""
        return str(self.answers["package_name"])

    @property
    def script(self) -> str:
        """Console script that starts the server."""
        return self.name

    @property
    def transport(self) -> str:
        """Default transport the server starts with: stdio, http or sse."""
        return str(self.answers.get("transport", "stdio"))

    @property
    def auth(self) -> str:
        """HTTP auth mode: none, api-key, jwt or oauth."""
        return str(self.answers.get("auth", "none"))

    @property
    def port(self) -> int:
        """Default HTTP port."""
        return int(self.answers.get("http_port", 8000))

    @property
    def api_key_env(self) -> str:
        """Environment variable holding the server's API key(s)."""
        return "MCP_API_KEY"

    @property
    def mcpgen_version(self) -> str:
        """Version of mcpgen that last rendered the project."""
        return str(self.answers.get("mcpgen_version", "unknown"))


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml  # deferred: keeps 'client-config --print' and '--help' fast

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ProjectNotFoundError(
            f"{path} is not a valid answers file.",
            hint="Restore it from version control.",
        )
    return data


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` holding an mcpgen answers file."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ANSWERS_FILE).is_file():
            return candidate
    return None


def load(start: Path | None = None) -> Project:
    """Load the generated project containing ``start`` (default: the working directory)."""
    origin = (start or Path.cwd()).resolve()
    root = find_root(origin)
    if root is None:
        raise ProjectNotFoundError(
            f"No mcpgen project found at {origin} or above it.",
            hint="Run inside a project made by 'mcpgen new', or pass --project DIR.",
        )
    answers = _read_yaml(root / ANSWERS_FILE)
    if "package_name" not in answers:
        raise ProjectNotFoundError(
            f"{root / ANSWERS_FILE} was not written by mcpgen.",
            hint="Run inside a project made by 'mcpgen new', or pass --project DIR.",
        )
    components = {}
    for path in sorted(root.glob(COMPONENT_ANSWERS_GLOB)):
        data = _read_yaml(path)
        components[str(data.get("component_name", path.stem))] = data
    return Project(root=root, answers=answers, components=components)
