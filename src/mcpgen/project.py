"""Reading a generated project: its location and the answers it was rendered from."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcpgen.errors import ProjectNotFoundError

ANSWERS_FILE = ".copier-answers.yml"
# The names become a console script path and an import; anything else was not written by mcpgen.
_RECORDED_DIST = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_RECORDED_PACKAGE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
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


def _distrust(found: os.stat_result, *, directory: bool) -> str | None:
    """Why a directory or answers file cannot be trusted, or None when it can."""
    if not directory and not stat.S_ISREG(found.st_mode):
        return "it is not a regular file"
    if not hasattr(os, "geteuid"):  # Windows: no POSIX owners or modes to judge by
        return None
    if found.st_uid not in (os.geteuid(), 0):
        return f"it belongs to another user (uid {found.st_uid})"
    shared = found.st_mode & stat.S_IWOTH
    if shared and not (directory and found.st_mode & stat.S_ISVTX):
        return "every user may write to it"
    return None


def _problem(path: Path) -> str | None:
    """Why the answers file ``path`` (or its directory) cannot be trusted."""
    try:
        return _distrust(path.parent.lstat(), directory=True) or _distrust(
            path.lstat(), directory=False
        )
    except OSError as exc:
        return exc.strerror or "unreadable"


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml  # deferred: keeps 'client-config --print' and '--help' fast

    data = yaml.safe_load(_read_trusted(path)) or {}
    if not isinstance(data, dict):
        raise ProjectNotFoundError(
            f"{path} is not a valid answers file.",
            hint="Restore it from version control.",
        )
    return data


def _read_trusted(path: Path) -> str:
    """The text of an answers file, checked on the very descriptor it is read from."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _untrusted(path, exc.strerror or "unreadable") from None
    with os.fdopen(fd, "rb") as handle:
        problem = _distrust(os.fstat(fd), directory=False)
        if problem:
            raise _untrusted(path, problem)
        return handle.read().decode("utf-8", errors="replace")


def _untrusted(path: Path, problem: str) -> ProjectNotFoundError:
    return ProjectNotFoundError(
        f"Ignored {path}: {problem}; mcpgen only trusts your own project files.",
        hint="Run inside a project of yours made by 'mcpgen new', or pass --project DIR.",
    )


def search(start: Path) -> tuple[Path | None, str | None]:
    """The nearest project at or above ``start``, and why a closer answers file was ignored.

    The search stops at the first answers file and at the repository root (the nearest
    directory holding ``.git``): an answers file planted above it, e.g. in a shared ``/tmp``,
    is never read. One that another user owns, or that others may rewrite, is ignored.
    """
    start = start.resolve()
    for candidate in (start, *start.parents):
        answers = candidate / ANSWERS_FILE
        if os.path.lexists(answers):
            problem = _problem(answers)
            return (candidate, None) if problem is None else (None, f"{answers}: {problem}")
        if os.path.lexists(candidate / ".git"):
            break
    return None, None


def find_root(start: Path) -> Path | None:
    """The nearest trusted directory at or above ``start`` holding an mcpgen answers file."""
    return search(start)[0]


def load(start: Path | None = None) -> Project:
    """Load the generated project containing ``start`` (default: the working directory)."""
    origin = (start or Path.cwd()).resolve()
    root, ignored = search(origin)
    if root is None:
        why = f" (ignored {ignored})" if ignored else ""
        raise ProjectNotFoundError(
            f"No mcpgen project found at {origin} or above it, up to its repository root{why}.",
            hint="Run inside a project made by 'mcpgen new', or pass --project DIR.",
        )
    answers = _read_yaml(root / ANSWERS_FILE)
    recorded = (str(answers.get("project_name", "")), str(answers.get("package_name", "")))
    if not (_RECORDED_DIST.match(recorded[0]) and _RECORDED_PACKAGE.match(recorded[1])):
        raise ProjectNotFoundError(
            f"{root / ANSWERS_FILE} was not written by mcpgen (no valid project name in it).",
            hint="Run inside a project made by 'mcpgen new', or pass --project DIR.",
        )
    components = {}
    for path in sorted(root.glob(COMPONENT_ANSWERS_GLOB)):
        data = _read_yaml(path)
        components[str(data.get("component_name", path.stem))] = data
    return Project(root=root, answers=answers, components=components)
