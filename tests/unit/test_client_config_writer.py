"""Safe writes: backup first, atomic replace, mode kept, concurrent and read-only files refused."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from mcpgen.client_config import writer
from mcpgen.errors import ConfigEditError, FileEditError


def test_write_backs_up_then_replaces_keeping_the_mode(tmp_path: Path) -> None:
    config = tmp_path / "mcp.json"
    config.write_text("old\r\n", newline="")
    config.chmod(0o600)
    backup = writer.write(config, "new\r\n", expected="old\r\n")
    assert backup is not None and backup.name.startswith("mcp.json.mcpgen-backup-")
    assert backup.read_bytes() == b"old\r\n"
    assert config.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["mcp.json", backup.name])


def test_missing_directories_are_created_without_backup(tmp_path: Path) -> None:
    config = tmp_path / "a" / "b" / "settings.json"
    assert writer.write(config, "{}\n", expected=None) is None
    assert config.read_text() == "{}\n"


def test_a_file_changed_meanwhile_is_left_alone(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text("theirs")
    with pytest.raises(FileEditError, match="changed while"):
        writer.write(config, "mine", expected="what we read earlier")
    assert config.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_read_only_files_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text("{}")
    config.chmod(0o444)
    with pytest.raises(FileEditError, match="read-only"):
        writer.write(config, "x", expected="{}")


def test_non_utf8_files_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_bytes(b'{"a": "\xff"}')
    with pytest.raises(ConfigEditError, match="not UTF-8"):
        writer.read(config)
