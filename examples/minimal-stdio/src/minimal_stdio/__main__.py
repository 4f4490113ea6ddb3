"""Command-line entry point: the ``minimal-stdio`` script.

``python -m minimal_stdio`` works too.
"""

import argparse
import os
import signal
import sys
from collections.abc import Sequence

# Before FastMCP is imported: no update check, no banner (on stdio, stdout is the protocol's).
os.environ.setdefault("FASTMCP_CHECK_FOR_UPDATES", "off")
os.environ.setdefault("FASTMCP_SHOW_SERVER_BANNER", "false")

from minimal_stdio.settings import (
    ENV_FILE_VARIABLE,
    PROJECT_ENV_FILE,
    Settings,
)

INTERRUPTED = 128 + signal.SIGINT  # 130: what a shell reports for a program ended by Ctrl-C


def parse_args(argv: Sequence[str] | None, settings: Settings) -> argparse.Namespace:
    """Command-line options; each defaults to the matching MCP_* environment variable."""
    parser = argparse.ArgumentParser(
        prog="minimal-stdio",
        description="Start the MCP server.",
    )
    parser.add_argument(
        "--transport",
        choices=["stdio"],
        default="stdio",
        help="stdio only (add HTTP with 'mcpgen update --set transport=http')",
    )
    return parser.parse_args(argv)


def exit_on_interrupt() -> None:
    """End a stdio server at the first Ctrl-C, with status 130 and no traceback.

    stdio reads stdin in a thread no cancellation reaches: a KeyboardInterrupt would leave the
    process waiting for a line. It serves one client; the kernel closes what it holds.
    """

    def stop(signum: int, frame: object) -> None:
        try:
            sys.stderr.flush()
        finally:
            os._exit(INTERRUPTED)

    signal.signal(signal.SIGINT, stop)


def main(argv: Sequence[str] | None = None) -> None:
    """Start the server with the chosen transport."""
    if os.environ.get(ENV_FILE_VARIABLE, "").strip() and not (
        PROJECT_ENV_FILE and PROJECT_ENV_FILE.is_file()
    ):
        where = f"{ENV_FILE_VARIABLE}={PROJECT_ENV_FILE}"
        hint = "point it at the project's .env or unset it"
        print(f"error: {where} is not a file; {hint}.", file=sys.stderr)
        raise SystemExit(2)
    settings = Settings()
    parse_args(argv, settings)  # --help, and refusing a transport this project does not have
    exit_on_interrupt()
    from minimal_stdio.server import serve

    serve(settings)


if __name__ == "__main__":
    main()
