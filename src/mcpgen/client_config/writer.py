"""Reading and writing config files safely: a timestamped backup, then an atomic replace."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from datetime import datetime
from pathlib import Path

from mcpgen.errors import ConfigEditError

BOM = "\ufeff"
BACKUP_SUFFIX = ".mcpgen-backup-"


def target_of(path: Path) -> Path:
    """The file to edit: a symlinked config (dotfiles) is edited where it really lives."""
    return path.resolve() if path.is_symlink() else path


def read(path: Path) -> str | None:
    """The file's text exactly as stored (newlines untouched), or None when it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigEditError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigEditError(
            f"{path} is not UTF-8 text (byte {exc.start}); it was left untouched.",
            hint="Save it as UTF-8 in an editor, then run this command again.",
        ) from None


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to ``<path>.mcpgen-backup-YYYYmmdd-HHMMSS`` (never overwriting one)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}{BACKUP_SUFFIX}{stamp}")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}{BACKUP_SUFFIX}{stamp}-{counter}")
        counter += 1
    shutil.copy2(path, candidate)
    return candidate


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write(path: Path, text: str, *, expected: str | None) -> Path | None:
    """Atomically replace ``path`` with ``text``; return the backup made, if any.

    ``expected`` is the content the edit was computed from: if the file changed since (another
    program or a concurrent run wrote it), nothing is written and ConfigEditError is raised.
    """
    if path.exists() and (
        not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR
    ):  # the mode bits too: root may write anything, but a read-only file was meant as one
        raise ConfigEditError(
            f"{path} is read-only; it was left untouched.",
            hint="Make it writable (chmod u+w) or use --print and paste the entry yourself.",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        made = backup(path) if expected is not None else None
        mode = stat.S_IMODE(path.stat().st_mode) if expected is not None else _new_file_mode()
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigEditError(f"Cannot write {path}: {exc.strerror}.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(mode)
        if read(path) != expected:
            raise ConfigEditError(
                f"{path} changed while mcpgen was editing it; the other change was kept.",
                hint="Run this command again.",
            )
        temp.replace(path)
    except OSError as exc:
        raise ConfigEditError(f"Cannot write {path}: {exc.strerror}.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return made
