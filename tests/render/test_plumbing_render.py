"""The call plumbing of a generated server, rendered only: one module per job, and the HTTP
response choice only where there is HTTP. Their behaviour is tested by the project's own
tests (test_audit, test_entry_point, test_responses) and by test_mcp_remote_e2e.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import render_each


def test_plumbing_modules_follow_the_transport(copie_session: Any) -> None:
    variants = [{"transport": "stdio"}, {"transport": "http"}]
    projects = render_each(copie_session, variants, lambda answers: answers["transport"])
    for transport, http in (("stdio", False), ("http", True)):
        root: Path = projects[transport]
        package = root / "src" / "my_mcp_server"
        for job in ("middleware.py", "logs.py", "redaction.py"):
            assert (package / job).is_file(), job
        assert (root / "tests" / "test_entry_point.py").is_file()
        assert (package / "responses.py").is_file() is http
        assert (root / "tests" / "test_responses.py").is_file() is http
        for gone in ("audit.py", "errors.py", "timeouts.py"):
            assert not (package / gone).exists(), gone
        middleware = (package / "middleware.py").read_text()
        assert "opentelemetry" not in middleware, "OpenTelemetry code only with --otel"
        main = (package / "__main__.py").read_text()
        assert "exit_on_interrupt()" in main
