"""Derive the names a generated project must not take from what such a project installs.

A project named like one of its own dependencies cannot be installed by uv (it would depend on
itself), and a package or console script named like a module or command the project uses
shadows it. So the list is derived, not typed: a fully featured project (every option and
integration that adds a dependency) is rendered through mcpgen's own code path, locked with uv
(every platform, extra and group) and installed. ``src/mcpgen/reserved_names.json`` records

- ``distributions``: every package in its ``uv.lock``, plus the build backend's requirements;
- ``modules``: the top-level import names those packages install;
- ``commands``: the executables in the project's environment (python, pytest, ruff, ...);
- ``stdlib``: the standard-library modules of each Python given with ``--python``;
- ``direct``: the project's own requirement names (a fast test compares them with the
  templates, so a new dependency in a template fails the tests until this is re-run).

    python tools/gen_reserved_names.py            # rewrite the data file
    python tools/gen_reserved_names.py --check    # exit 1 when a fresh derivation adds names
    python tools/gen_reserved_names.py --python /usr/bin/python3.13 --python ...
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mcpgen import catalog, component_data, generate, options
from mcpgen.tooling import uv_executable

DATA = Path(__file__).resolve().parents[1] / "src" / "mcpgen" / "reserved_names.json"
PROBE_NAME = "reserved-names-probe"
# Every option that adds a dependency, switched on.
FULLY_FEATURED = {"transport": "http", "auth": "oauth", "docker": True, "deploy": "kubernetes",
                  "rate_limit": True, "otel": True}  # fmt: skip

# Run by the environment's own interpreter: top-level import names and console scripts.
_INSTALLED = """
import json, sys
from importlib import metadata
modules, scripts = set(), set()
for dist in metadata.distributions():
    for path in dist.files or ():
        top = path.parts[0]
        if top.endswith((".dist-info", ".egg-info", ".pth", ".data")) or top in ("..", "bin"):
            continue
        if len(path.parts) > 1 or top.endswith((".py", ".so", ".pyd")):
            modules.add(top.split(".")[0])
    scripts |= {ep.name for ep in dist.entry_points if ep.group == "console_scripts"}
print(json.dumps({"modules": sorted(modules), "scripts": sorted(scripts)}))
"""


def normalise(name: str) -> str:
    """PEP 503: ``Typing_Extensions`` -> ``typing-extensions``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return normalise(found.group(1) if found else requirement)


class _Quiet:
    @contextlib.contextmanager
    def step(self, label: str) -> Iterator[None]:
        yield

    def note(self, message: str) -> None:
        pass


def render_fully_featured(parent: Path) -> Path:
    """A project with every dependency-adding option and integration, rendered by mcpgen."""
    answers = options.resolve_answers(PROBE_NAME, dict(FULLY_FEATURED), ask=False)
    request = generate.NewRequest(
        answers=answers,
        dest=parent / PROBE_NAME,
        components=[name for name, kind in catalog.KINDS.items() if kind.new_can_add],
        git=False,
    )
    root = generate.create(request, _Quiet()).root
    # The integrations that need an option add dependencies too (files: hypothesis).
    served = parent / "served"
    served.mkdir()
    component_data.add(root, "files", "files", component_data.Options(root=served), _Quiet())
    return root


def direct_requirements(root: Path) -> list[str]:
    """Names of the project's runtime, optional, dev and build requirements."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    found = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        found += extra
    for group in pyproject.get("dependency-groups", {}).values():
        found += [item for item in group if isinstance(item, str)]
    found += pyproject.get("build-system", {}).get("requires", [])
    return sorted({requirement_name(item) for item in found})


def _uv(*args: str, cwd: Path, stdin: str | None = None) -> str:
    done = subprocess.run(
        [uv_executable(), *args], cwd=cwd, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"uv {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def locked_distributions(root: Path) -> set[str]:
    """Every package of the universal lock, plus the build requirements' closure."""
    _uv("lock", "--quiet", cwd=root)
    lock = tomllib.loads((root / "uv.lock").read_text(encoding="utf-8"))
    names = {normalise(package["name"]) for package in lock["package"]}
    build = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    compiled = _uv(
        "pip", "compile", "--universal", "--quiet", "--no-header", "-", cwd=root,
        stdin="\n".join(build["requires"]),
    )  # fmt: skip
    names |= {requirement_name(line) for line in compiled.splitlines() if line[:1].isalnum()}
    return names - {PROBE_NAME}


def installed_names(root: Path) -> tuple[set[str], set[str]]:
    """Top-level modules and the commands in ``.venv/bin`` of the synced project."""
    _uv("sync", "--quiet", "--frozen", "--all-extras", "--all-groups", cwd=root)
    bin_dir = root / ".venv" / "bin"
    found = json.loads(
        subprocess.run(
            [str(bin_dir / "python"), "-c", _INSTALLED], capture_output=True, text=True, check=True
        ).stdout
    )
    modules = set(found["modules"]) - {PROBE_NAME.replace("-", "_")}
    commands = {path.name for path in bin_dir.iterdir()} | set(found["scripts"])
    return modules, commands - {PROBE_NAME}


def stdlib(pythons: list[str]) -> tuple[set[str], list[str]]:
    """``sys.stdlib_module_names`` of every interpreter given, and their versions."""
    names: set[str] = set()
    versions = []
    code = "import json, sys; print(json.dumps([sys.version.split()[0], *sys.stdlib_module_names]))"
    for python in pythons:
        version, *found = json.loads(
            subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout
        )
        names |= set(found)
        versions.append(version)
    return names, sorted(versions)


def derive(pythons: list[str]) -> dict[str, Any]:
    """The data file's content, derived from a freshly rendered, locked and installed project."""
    with tempfile.TemporaryDirectory(prefix="mcpgen-reserved-") as scratch:
        root = render_fully_featured(Path(scratch))
        distributions = locked_distributions(root)
        modules, commands = installed_names(root)
        direct = direct_requirements(root)
    standard, versions = stdlib(pythons)
    return {
        "generated_by": "tools/gen_reserved_names.py",
        "direct": direct,
        "distributions": sorted(distributions),
        "modules": sorted(modules),
        "commands": sorted(commands),
        "stdlib_versions": versions,
        "stdlib": sorted(standard),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on new names")
    parser.add_argument("--python", action="append", default=[], help="add a stdlib version")
    args = parser.parse_args(argv)
    fresh = derive([sys.executable, *args.python])
    if not args.check:
        DATA.write_text(json.dumps(fresh, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {DATA}")
        return 0
    committed = json.loads(DATA.read_text(encoding="utf-8"))
    missing = {
        key: sorted(set(fresh[key]) - set(committed[key]))
        for key in ("distributions", "modules", "commands", "direct")
    }
    missing = {key: names for key, names in missing.items() if names}
    if missing:
        print(f"{DATA.name} lacks {missing}; run: python tools/gen_reserved_names.py")
        return 1
    print(f"{DATA.name} is current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
