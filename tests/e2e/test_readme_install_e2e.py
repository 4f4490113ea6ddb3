"""The README's install-and-generate line, as written, on a Python that refuses system pip.

It runs in a copy of the checkout with HOME moved and PATH reduced to the system directories:
``python`` is no command there, only ``python3`` (on Debian/Ubuntu, an externally managed
interpreter whose pip refuses to install). The generated project must then pass its tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SYSTEM_PATH = "/usr/bin:/bin"
# What a user's shell keeps from this machine: network, certificates, indexes (not its venv).
KEPT = (
    "UV_",
    "PIP_",
    "SSL_",
    "REQUESTS_",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "http_",
    "https_",
    "no_",
)


def readme_install_command() -> str:
    block = re.search(
        r"<!-- install-command -->\s*```bash\n(.+?)\n```", (REPO / "README.md").read_text(), re.S
    )
    assert block, "README.md has no install-command block"
    return block.group(1).strip()


def checkout_copy(target: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="needs a system python3")
def test_the_readme_install_line_works_with_only_a_system_python3(tmp_path: Path) -> None:
    which = subprocess.run(
        ["bash", "-c", "command -v python"], env={"PATH": SYSTEM_PATH}, check=False
    )
    assert which.returncode != 0, "this PATH must not have a 'python' command"
    checkout = checkout_copy(tmp_path / "mcpgen")
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(
        ["bash", "-c", readme_install_command()],
        cwd=checkout,
        env={
            **{name: value for name, value in os.environ.items() if name.startswith(KEPT)},
            "HOME": str(home),
            "PATH": SYSTEM_PATH,
            "UV_PYTHON_DOWNLOADS": "never",
            # the machine's uv cache, as a user's own would be: the test runs offline-capable
            "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv")),
        },
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (checkout / "my-server" / ".venv").is_dir()
    assert "VIRTUAL_ENV" not in done.stderr
