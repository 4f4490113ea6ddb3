"""Writes to a project that happen all together or not at all, Ctrl-C included."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from mcpgen.edits import files


class Transaction:
    """New and changed files under ``root``, each undone (newest first) if the batch fails."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))
        self._undo: list[Callable[[], None]] = []

    def create(self, relative: Path, data: bytes) -> None:
        """Add a file that must not exist yet (missing directories are made, and undone)."""
        made: list[Path] = []
        self._undo.append(lambda: _remove_directories(made))
        path = self.root / relative
        files.write(path, data, expected=None, inside=self.root, created=made)
        identity = _identity(path)
        self._undo.append(lambda: _remove_if_same(path, identity))

    def replace(self, relative: Path, data: bytes, *, expected: bytes) -> None:
        """Change a file that must still hold ``expected``."""
        path = self.root / relative
        files.write(path, data, expected=expected, inside=self.root)

        def undo() -> None:
            files.write(path, expected, expected=data, inside=self.root)

        self._undo.append(undo)

    def rollback(self) -> None:
        """Undo every write made so far; what cannot be undone is left (never made worse)."""
        for undo in reversed(self._undo):
            with contextlib.suppress(Exception):
                undo()
        self._undo.clear()


@contextlib.contextmanager
def transaction(root: Path) -> Iterator[Transaction]:
    """A :class:`Transaction` rolled back when the block raises (KeyboardInterrupt too)."""
    batch = Transaction(root)
    try:
        yield batch
    except BaseException:
        batch.rollback()
        raise


def _identity(path: Path) -> tuple[int, int]:
    found = os.lstat(path)
    return found.st_dev, found.st_ino


def _remove_if_same(path: Path, identity: tuple[int, int]) -> None:
    """Remove the file mcpgen created, unless something else has taken its name since."""
    with contextlib.suppress(FileNotFoundError):
        if _identity(path) == identity:
            path.unlink()


def _remove_directories(made: list[Path]) -> None:
    for directory in reversed(made):
        with contextlib.suppress(OSError):  # not empty: someone else put a file there
            directory.rmdir()
