"""The one way mcpgen reads and writes a user's files: never through a link it did not create.

Every write of a file mcpgen does not own (client configs, ``pyproject.toml``,
``.env.example``, ``docker-compose.yml``, the files ``add-tool`` adds, backups) goes through
this module, so the rules are written once:

- The path is resolved once. A project file must resolve inside the project. A link that
  leads nowhere is refused (nothing is ever created through a link).
- The directory is then opened by walking the resolved path one component at a time with
  ``O_NOFOLLOW``; everything else happens relative to that descriptor, so a link planted after
  the check is refused, not followed.
- The directory must belong to the user running mcpgen (or root), and one that others can
  write to must be sticky. The file must be a regular file of that user's with no other hard
  link.
- Temporary files and backups get unpredictable names, are created with ``O_EXCL|O_NOFOLLOW``
  and carry the original file's mode from their first byte: a 0600 config's backup is never
  readable by others, not even for a moment.
- Data is fsynced before ``os.replace`` (a new file is hard-linked into place, so a file that
  appeared meanwhile is never replaced), then the directory is fsynced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from mcpgen.errors import FileEditError, UnsafeFileError

BACKUP_SUFFIX = ".mcpgen-backup-"
TEMP_SUFFIX = ".mcpgen-tmp"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Close on exec; untranslated bytes on Windows.
_COMMON = getattr(os, "O_COMMON", 0) | getattr(os, "O_BINARY", 0)
_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _COMMON
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _COMMON
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _COMMON
# Without *at() calls (Windows) paths are used; creating links there needs privileges.
_AT = bool(_NOFOLLOW) and os.open in os.supports_dir_fd
# POSIX owners and modes; Windows reports every file as writable by all and owned by 0.
_OWNERS = hasattr(os, "geteuid")
_LINK_HINT = "Replace the link with a regular file, or edit the file yourself."


def _token(size: int) -> str:
    """Random hex for file names nobody can guess (``secrets`` would cost start-up time)."""
    return os.urandom(size).hex()


class Current(NamedTuple):
    """A file as it is now: its bytes, and the mode and group a replacement keeps."""

    data: bytes
    mode: int
    gid: int


class _Directory:
    """A directory reached without following links; names are used relative to it."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self.fd = fd

    def open(self, name: str, flags: int, mode: int = 0o600) -> int:
        if self.fd is None:
            return os.open(self.path / name, flags, mode)
        return os.open(name, flags, mode, dir_fd=self.fd)

    def exists(self, name: str) -> bool:
        try:
            if self.fd is None:
                os.lstat(self.path / name)
            else:
                os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return True

    def identity(self, name: str) -> tuple[int, int]:
        if self.fd is None:
            found = os.lstat(self.path / name)
        else:
            found = os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        return found.st_dev, found.st_ino

    def replace(self, source: str, target: str) -> None:
        if self.fd is None:
            (self.path / source).replace(self.path / target)
        else:
            os.replace(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def place_new(self, source: str, target: str) -> None:
        """Give ``source`` the name ``target`` only if nothing has that name."""
        try:
            if self.fd is None:
                raise NotImplementedError
            os.link(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd, follow_symlinks=False)
        except (NotImplementedError, PermissionError):  # no hard links on this file system
            if self.exists(target):
                raise FileExistsError(errno.EEXIST, "exists", target) from None
            self.replace(source, target)

    def unlink(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            if self.fd is None:
                (self.path / name).unlink()
            else:
                os.unlink(name, dir_fd=self.fd)

    def stat(self) -> os.stat_result:
        return self.path.stat() if self.fd is None else os.fstat(self.fd)

    def sync(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):  # some file systems cannot sync directories
                os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)


def resolve(path: Path, *, inside: Path | None = None) -> Path:
    """The real file behind ``path``; with ``inside``, it must lie in that directory."""
    absolute = Path(os.path.normpath(path.absolute()))
    for candidate in (absolute, *absolute.parents):
        if candidate.is_symlink() and not candidate.exists():
            raise UnsafeFileError(
                f"{candidate} is a link to something that does not exist; "
                "mcpgen creates nothing through a link.",
                hint=_LINK_HINT,
            )
    real = Path(os.path.realpath(absolute))
    if inside is not None:
        root = Path(os.path.realpath(inside))
        if not real.is_relative_to(root):
            raise UnsafeFileError(
                f"{absolute} leads to {real}, outside the project {root}; it was left untouched.",
                hint=_LINK_HINT,
            )
    return real


@contextlib.contextmanager
def _directory(path: Path, created: list[Path] | None = None) -> Iterator[_Directory]:
    """``path`` opened component by component with O_NOFOLLOW; ``created``: make what is missing."""
    if not _AT:
        if created is not None and not path.is_dir():
            missing = [p for p in (path, *path.parents) if not p.exists()]
            path.mkdir(parents=True)
            created += reversed(missing)
        directory = _Directory(path, None)
    else:
        directory = _Directory(path, _walk(path, created))
    try:
        _vet_directory(directory)
        yield directory
    finally:
        directory.close()


def _walk(path: Path, created: list[Path] | None) -> int:
    fd = os.open(path.anchor, _DIRECTORY_FLAGS)
    current = Path(path.anchor)
    try:
        for part in path.parts[1:]:
            current = current / part
            try:
                child = os.open(part, _DIRECTORY_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if created is None:
                    raise
                os.mkdir(part, 0o777, dir_fd=fd)
                created.append(current)
                child = os.open(part, _DIRECTORY_FLAGS, dir_fd=fd)
            except OSError as exc:
                if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
                    raise
                raise UnsafeFileError(
                    f"{current} became a link or a file while mcpgen was writing; "
                    "nothing was written through it.",
                    hint="Check who else writes there, then run this command again.",
                ) from None
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def _foreign(uid: int) -> bool:
    return _OWNERS and uid not in (os.geteuid(), 0)


def _vet_directory(directory: _Directory) -> None:
    found = directory.stat()
    if _foreign(found.st_uid):
        raise UnsafeFileError(
            f"{directory.path} belongs to another user (uid {found.st_uid}); "
            "mcpgen writes only in your own directories.",
            hint="Run mcpgen as the directory's owner, or work on a copy of your own.",
        )
    if _OWNERS and found.st_mode & stat.S_IWOTH and not found.st_mode & stat.S_ISVTX:
        raise UnsafeFileError(
            f"{directory.path} is writable by every user (and not sticky); "
            "mcpgen does not write there.",
            hint=f"chmod o-w {directory.path}, or move the files to a directory of your own.",
        )


def _vet_file(found: os.stat_result, path: Path) -> None:
    if not stat.S_ISREG(found.st_mode):
        raise UnsafeFileError(
            f"{path} is not a regular file; it was left untouched.",
            hint="Replace it with a regular file, or edit it yourself.",
        )
    if _OWNERS and found.st_uid != os.geteuid():
        raise UnsafeFileError(
            f"{path} belongs to another user (uid {found.st_uid}); it was left untouched.",
            hint="Run mcpgen as the file's owner, or edit it yourself.",
        )
    if found.st_nlink > 1:
        raise UnsafeFileError(
            f"{path} has {found.st_nlink - 1} other hard link(s); editing it would split them.",
            hint="Make it a file of its own (cp it, then mv the copy over it), then retry.",
        )


def _current(directory: _Directory, name: str) -> Current | None:
    path = directory.path / name
    try:
        fd = directory.open(name, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFileError(
                f"{path} became a link while mcpgen was reading it; it was left untouched.",
                hint="Check who else writes there, then run this command again.",
            ) from None
        raise FileEditError(f"Cannot read {path}: {exc.strerror}.") from None
    with os.fdopen(fd, "rb") as handle:
        found = os.fstat(fd)
        _vet_file(found, path)
        return Current(handle.read(), stat.S_IMODE(found.st_mode), found.st_gid)


def read(path: Path, *, inside: Path | None = None) -> bytes | None:
    """The bytes of ``path`` as stored, or None when it does not exist (the rules above apply)."""
    real = resolve(path, inside=inside)
    try:
        with _directory(real.parent) as directory:
            current = _current(directory, real.name)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileEditError(f"Cannot read {real}: {exc.strerror}.") from None
    return None if current is None else current.data


def _exclusive(
    directory: _Directory, make_name: Callable[[], str], data: bytes, like: Current | None
) -> str:
    """A new file with an unpredictable name holding ``data``, with ``like``'s mode throughout."""
    mode = like.mode & 0o777 if like else 0o666  # the umask narrows it further, never widens
    for _ in range(100):
        name = make_name()
        try:
            fd = directory.open(name, _CREATE_FLAGS, mode)
            break
        except FileExistsError:
            continue
    else:
        raise FileEditError(f"Cannot create a temporary file in {directory.path}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            if like is not None and hasattr(os, "fchmod"):
                with contextlib.suppress(OSError):  # keep the group where permitted
                    os.fchown(fd, -1, like.gid)
                os.fchmod(fd, like.mode & 0o777)  # exactly the original, before any byte
            handle.write(data)
            handle.flush()
            os.fsync(fd)
    except BaseException:
        directory.unlink(name)
        raise
    return name


def _backup_name(name: str) -> Callable[[], str]:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return lambda: f"{name}{BACKUP_SUFFIX}{stamp}-{_token(4)}"


def write(
    path: Path,
    data: bytes,
    *,
    expected: bytes | None,
    inside: Path | None = None,
    backup: bool = False,
    created: list[Path] | None = None,
) -> Path | None:
    """Replace ``path`` (or create it, ``expected=None``) atomically; return the backup made.

    ``expected`` is what the change was computed from: if the file holds anything else now,
    nothing is written. Directories made on the way are appended to ``created``.
    """
    real = resolve(path, inside=inside)
    try:
        with _directory(real.parent, [] if created is None else created) as directory:
            return _write_in(directory, real, data, expected, backup)
    except FileExistsError:
        raise FileEditError(
            f"{real} appeared while mcpgen was writing; it was left untouched.",
            hint="Run this command again.",
        ) from None
    except OSError as exc:
        raise FileEditError(f"Cannot write {real}: {exc.strerror}.") from None


def _write_in(
    directory: _Directory, real: Path, data: bytes, expected: bytes | None, backup: bool
) -> Path | None:
    current = _current(directory, real.name)
    if current is not None and not current.mode & stat.S_IWUSR:
        raise FileEditError(
            f"{real} is read-only; it was left untouched.",
            hint="Make it writable (chmod u+w), or make the change yourself.",
        )
    if (None if current is None else current.data) != expected:
        what = "already exists" if expected is None else "changed while mcpgen was editing it"
        raise FileEditError(
            f"{real} {what}; it was left untouched.", hint="Run this command again."
        )
    saved = None
    if backup and current is not None:
        saved = real.parent / _exclusive(directory, _backup_name(real.name), current.data, current)
    temp = _exclusive(directory, lambda: f".{real.name}.{_token(8)}{TEMP_SUFFIX}", data, current)
    try:
        if current is None:
            directory.place_new(temp, real.name)
        else:
            directory.replace(temp, real.name)
        directory.sync()
    finally:
        if current is None or directory.exists(temp):
            directory.unlink(temp)
    return saved
