"""A throwaway PostgreSQL server for the end-to-end tier.

``MCPGEN_TEST_POSTGRES_DSN`` (a role that may create roles and schemas) is used when set.
Otherwise a cluster is created with the local PostgreSQL binaries (``initdb``, ``pg_ctl``) in a
temporary directory, listening on 127.0.0.1 on a free port with password authentication, and
removed afterwards. PostgreSQL refuses to run as root, so as root the cluster belongs to the
``postgres`` user (or ``nobody``). Without binaries the fixture fails with a hint: the
PostgreSQL tests of generated projects are part of what the tier proves.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

DSN_VARIABLE = "MCPGEN_TEST_POSTGRES_DSN"
SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin")


def find_binaries() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, newest version first."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    for pattern in SEARCH:
        for candidate in sorted(Path("/").glob(pattern.lstrip("/")), reverse=True):
            if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
                return candidate
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_owner(owner: pwd.struct_passwd | None, command: Sequence[str]) -> list[str]:
    if owner is None:
        return list(command)
    return ["runuser", "-u", owner.pw_name, "--", *command]


def _owner() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user")


def _run(command: Sequence[str], what: str) -> None:
    done = subprocess.run(list(command), capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        pytest.fail(f"{what} failed:\n{done.stdout}\n{done.stderr}", pytrace=False)


def start_cluster(bin_dir: Path) -> tuple[str, Path, pwd.struct_passwd | None]:
    """Create and start a cluster; return its superuser DSN, directory and owner."""
    owner = _owner()
    base = Path(tempfile.mkdtemp(prefix="mcpgen-pg-"))
    data, sockets = base / "data", base / "sockets"
    sockets.mkdir()
    password = secrets.token_urlsafe(18)
    (base / "pw").write_text(password, encoding="utf-8")
    if owner is not None:
        for path in (base, sockets, base / "pw"):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    _run(
        _as_owner(
            owner,
            [
                str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={base / 'pw'}",
                "--no-sync",
            ],
        ),
        "initdb",
    )  # fmt: skip
    port = _free_port()
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run(
        _as_owner(
            owner,
            [
                str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", options,
                "-w", "-t", "60", "start",
            ],
        ),
        "pg_ctl start",
    )  # fmt: skip
    return f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres", base, owner


def stop_cluster(bin_dir: Path, base: Path, owner: pwd.struct_passwd | None) -> None:
    """Stop the cluster and delete its directory."""
    subprocess.run(
        _as_owner(
            owner, [str(bin_dir / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate", "stop"]
        ),
        capture_output=True,
        timeout=60,
        check=False,
    )
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    """A superuser DSN of a PostgreSQL server the tests may create roles and schemas in."""
    given = os.environ.get(DSN_VARIABLE)
    if given:
        yield given
        return
    bin_dir = find_binaries()
    if bin_dir is None:
        pytest.fail(
            "The PostgreSQL e2e tests need a server and none was found: install the PostgreSQL "
            f"server binaries (e.g. apt-get install postgresql) or set {DSN_VARIABLE}.",
            pytrace=False,
        )
    dsn, base, owner = start_cluster(bin_dir)
    try:
        yield dsn
    finally:
        stop_cluster(bin_dir, base, owner)
