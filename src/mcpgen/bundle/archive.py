"""What goes into a bundle, and the archive itself, byte for byte the same for the same input.

The file set is an allow-list (the package source and what building it needs), so ``.env``,
``.venv``, caches, tests and ``.git`` can never slip in. ``mcpb pack`` stamps every entry with
the current time, so two runs never match; the archive is written here instead: entries
sorted, a fixed timestamp, fixed modes, maximum compression.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from mcpgen.errors import MCPGenError

# 1980-01-01, the earliest time a zip entry can carry; SOURCE_DATE_EPOCH overrides it.
_EPOCH = (1980, 1, 1, 0, 0, 0)
_TOP_LEVEL = ("pyproject.toml", "uv.lock", "README.md", ".python-version")
_SKIPPED_DIRS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
_SKIPPED_SUFFIXES = (".pyc", ".pyo")
ICON = "icon.png"


def select(root: Path) -> list[str]:
    """Relative POSIX paths of the project files a bundle carries, sorted."""
    chosen = [name for name in _TOP_LEVEL if (root / name).is_file()]
    chosen += [path.name for path in root.glob("LICEN[CS]E*") if path.is_file()]
    if (root / ICON).is_file():
        chosen.append(ICON)
    for directory, dirs, files in os.walk(root / "src"):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in files:
            path = Path(directory) / name
            if name.startswith(".") or name.endswith(_SKIPPED_SUFFIXES):
                continue
            if path.is_symlink():
                raise MCPGenError(
                    f"{path} is a symbolic link; a bundle can only carry regular files.",
                    hint="Replace the link with the file it points to.",
                )
            chosen.append(path.relative_to(root).as_posix())
    return sorted(set(chosen))


def _timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.isdigit():
        return _EPOCH
    import time

    moment = time.gmtime(max(int(epoch), 315532800))  # zip cannot store times before 1980
    return (
        moment.tm_year,
        moment.tm_mon,
        moment.tm_mday,
        moment.tm_hour,
        moment.tm_min,
        moment.tm_sec - moment.tm_sec % 2,
    )


def write(files: dict[str, bytes], executable: set[str]) -> bytes:
    """A zip of ``files`` (name -> bytes) that depends on nothing but its input."""
    buffer = io.BytesIO()
    stamp = _timestamp()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the modes below are honoured on extraction
            mode = 0o755 if name in executable else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()
