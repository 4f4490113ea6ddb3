"""Reading and writing client config files as text, through the rules of ``edits.files``."""

from __future__ import annotations

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
    return files.write(path, text.encode("utf-8"), expected=before, inside=inside, backup=backup)
