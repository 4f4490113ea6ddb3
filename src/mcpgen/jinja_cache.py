"""Compiled Jinja templates kept between runs, as Python keeps ``.pyc`` files.

Most of a render is Jinja compiling template sources (file bodies, path names, copier's
question defaults) to Python code; the sources only change when mcpgen does. Compiled code is
kept in memory for the process and in a private per-user cache directory for the next run,
keyed by everything the compiled code depends on: the source, the template's name and file,
and the environment's syntax, extensions, class and versions. The rendered output does not
depend on the cache; a cache that cannot be trusted or read is ignored and the source compiled.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import stat
import sys
import tempfile
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2

# Compiled code objects of this process, by cache key.
_MEMORY: dict[str, CodeType] = {}
# Entries are never updated, only added (a new mcpgen brings new sources): past this many
# the directory is emptied once, and the templates in use are compiled again.
MAX_ENTRIES = 2000
_checked: set[Path] = set()


def cache_root() -> Path:
    """The per-user cache directory (``$XDG_CACHE_HOME/mcpgen``, else ``~/.cache/mcpgen``)."""
    if os.environ.get("MCPGEN_CACHE_DIR"):
        return Path(os.environ["MCPGEN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    return Path(base) / "mcpgen" if base else Path.home() / ".cache" / "mcpgen"


def install(env: jinja2.Environment) -> None:
    """Make ``env`` reuse compiled code for every source it compiles (files and strings)."""
    fingerprint = _fingerprint(env)
    directory = _trusted_directory(cache_root() / "jinja")
    compile_source = env.compile

    def compile_cached(
        source: str | Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if raw:
            return compile_source(source, name, filename, True, defer_init)
        if not isinstance(source, str):
            return compile_source(source, name, filename, False, defer_init)
        key = _key(fingerprint, source, name, filename, defer_init)
        code = _MEMORY.get(key) or (_load(directory, key) if directory else None)
        if code is None:
            code = compile_source(source, name, filename, False, defer_init)
            if directory is not None:
                _store(directory, key, code)
        _MEMORY[key] = code
        return code

    env.compile = compile_cached  # type: ignore[method-assign]


def _fingerprint(env: jinja2.Environment) -> str:
    """Everything besides the source that decides the code Jinja compiles."""
    extensions = sorted(
        f"{type(ext).__module__}.{type(ext).__qualname__}@{_module_stamp(type(ext).__module__)}"
        for ext in env.extensions.values()
    )
    autoescape = env.autoescape
    return repr(
        (
            jinja2.__version__,
            importlib.util.MAGIC_NUMBER,
            f"{type(env).__module__}.{type(env).__qualname__}@{_module_stamp(type(env).__module__)}",
            env.code_generator_class.__qualname__,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            env.finalize is not None,
            getattr(autoescape, "__qualname__", None) if callable(autoescape) else autoescape,
            extensions,
        )
    )


def _module_stamp(module: str) -> str:
    """Size and modification time of a module's file: a changed extension compiles anew."""
    found = getattr(sys.modules.get(module), "__file__", None)
    if not found:
        return "-"
    try:
        info = Path(found).stat()
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"


def _key(fingerprint: str, source: str, name: str | None, filename: str | None, defer: bool) -> str:
    digest = hashlib.sha256()
    for part in (fingerprint, repr((name, filename, defer)), source):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _trusted_directory(directory: Path) -> Path | None:
    """``directory``, created private if missing; None when another user could write to it."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    if hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & 0o022):
        return None
    if directory not in _checked:
        _checked.add(directory)
        _prune(directory)
    return directory


def _prune(directory: Path) -> None:
    """Empty ``directory`` once it holds more than MAX_ENTRIES.

    Another run may be reading it at the same time: a missing entry only costs it a compile.
    """
    entries = list(directory.iterdir())
    if len(entries) <= MAX_ENTRIES:
        return
    for entry in entries:
        entry.unlink(missing_ok=True)


def _load(directory: Path, key: str) -> CodeType | None:
    """The cached code for ``key``, or None (missing, unreadable, foreign or corrupt)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(directory / key, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & 0o022):
                return None
            code = marshal.loads(handle.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _store(directory: Path, key: str, code: CodeType) -> None:
    """Write ``code`` for ``key`` atomically; a failure only costs the next run a compile."""
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(code))
        Path(temporary).replace(directory / key)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
