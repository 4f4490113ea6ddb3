"""Command-line entry point: the ``http-docker`` script.

``python -m http_docker`` works too.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence

# Set before FastMCP is imported: no update check, no banner. On stdio, stdout carries the
# protocol, so nothing else may ever be written to it.
os.environ.setdefault("FASTMCP_CHECK_FOR_UPDATES", "off")
os.environ.setdefault("FASTMCP_SHOW_SERVER_BANNER", "false")

from http_docker.settings import (
    ENV_FILE_VARIABLE,
    PROJECT_ENV_FILE,
    Settings,
)


def parse_args(argv: Sequence[str] | None, settings: Settings) -> argparse.Namespace:
    """Command-line options; each defaults to the matching MCP_* environment variable."""
    parser = argparse.ArgumentParser(
        prog="http-docker",
        description="Start the MCP server.",
    )
    parser.add_argument(
        "--transport",
        choices=["stdio", "http", "sse"],
        default=settings.transport,
        help="transport to serve (env MCP_TRANSPORT, default %(default)s)",
    )
    parser.add_argument(
        "--host",
        default=settings.host,
        help="HTTP bind address (env MCP_HOST, default %(default)s)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=settings.port,
        help="HTTP port (env MCP_PORT, default %(default)s)",
    )
    return parser.parse_args(argv)


INTERRUPTED = 128 + signal.SIGINT  # 130: what a shell reports for a program ended by Ctrl-C


def exit_on_interrupt() -> None:
    """End a stdio server at the first Ctrl-C, at once and without a traceback.

    The stdio transport reads stdin in a worker thread that no cancellation can interrupt, so
    the default KeyboardInterrupt leaves the process waiting for a line that never comes (a
    second Ctrl-C prints a traceback and it still waits). Exiting from the signal handler is
    safe here: stdio serves exactly one client, and what the process holds (files, sockets,
    database connections) the kernel closes with it. Exit status 130, as a shell reports for
    any program ended by Ctrl-C, so scripts can tell an interrupt from a clean stop.
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
        print(
            f"error: {ENV_FILE_VARIABLE}={PROJECT_ENV_FILE} is not a file; "
            "point it at the project's .env or unset it.",
            file=sys.stderr,
        )
        raise SystemExit(2)
    settings = Settings()
    args = parse_args(argv, settings)
    logging.basicConfig(
        level=settings.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.transport == "stdio":
        exit_on_interrupt()
    from http_docker.server import ConfigurationError, serve

    try:
        serve(settings, transport=args.transport, host=args.host, port=args.port)
    except ConfigurationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
