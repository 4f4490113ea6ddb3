"""Reading and writing client config files as text, through the rules of ``edits.files``."""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
import time
from pathlib import Path

from mcpgen.edits import files
from mcpgen.errors import ConfigEditError

BACKUP_SUFFIX = files.BACKUP_SUFFIX


def read(path: Path, *, inside: Path | None = None) -> str | None:
    """The file's text exactly as stored (newlines untouched), or None when it does not exist."""
    data = files.read(path, inside=inside)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigEditError(
            f"{path} is not UTF-8 text (byte {exc.start}); it was left untouched.",
            hint="Save it as UTF-8 in an editor, then run this command again.",
        ) from None


def write(
    path: Path, text: str, *, expected: str | None, inside: Path | None = None, backup: bool = True
) -> Path | None:
    """Atomically replace ``path`` with ``text`` after backing it up; return the backup made.

    ``expected`` is the content the edit was computed from: if the file changed since (another
    program or a concurrent run wrote it), nothing is written.
    """
    before = None if expected is None else expected.encode("utf-8")
    if inside is not None and backup and before is not None:
        # A project-scope file is usually committed: its backup goes outside the project.
        saved = _backup_outside(path, before)
        files.write(path, text.encode("utf-8"), expected=before, inside=inside)
        return saved
    return files.write(path, text.encode("utf-8"), expected=before, inside=inside, backup=backup)


def backup_home(environ: dict[str, str] | None = None, platform: str = sys.platform) -> Path:
    """Where backups of project files go: mcpgen's state directory, never the project."""
    env = dict(os.environ) if environ is None else environ
    if platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "mcpgen" / "backups"


def _backup_outside(path: Path, data: bytes) -> Path:
    real = files.resolve(path)
    folder = hashlib.sha256(str(real.parent).encode()).hexdigest()[:12]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = f"{real.name}{BACKUP_SUFFIX}{stamp}-{secrets.token_hex(2)}"
    target = backup_home() / f"{real.parent.name}-{folder}" / name
    files.write(target, data, expected=None)
    return target
