"""The command-line interface: parses options, calls the core, and turns errors into exit codes.

This is the composition root and the only module that imports Typer. Core modules are imported
inside the commands so that ``mcpgen --help`` never pays for copier or fastmcp.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from mcpgen import __version__, ui
from mcpgen.errors import MCPGenError

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="mcpgen",
    help="Generate FastMCP servers, add integrations, and connect them to MCP clients.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """The one place where domain errors and Ctrl-C become messages and exit codes."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except MCPGenError as exc:
            ui.error(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            ui.error("Interrupted; nothing was left half-written.")
            raise typer.Exit(130) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mcpgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Generate FastMCP servers, add integrations, and connect them to MCP clients."""


TransportOpt = Annotated[
    str | None,
    typer.Option(
        "--transport",
        "-t",
        help="Default transport: stdio, http or sse (the server can always start with any).",
        show_default=False,
    ),
]


@app.command()
@reports_errors
def new(
    name: Annotated[str, typer.Argument(help="Project name, e.g. 'weather-server'.")],
    dest: Annotated[
        Path | None, typer.Option("--dest", "-d", help="Directory to create (default: ./NAME).")
    ] = None,
    description: Annotated[str | None, typer.Option(help="One-line description.")] = None,
    author: Annotated[str | None, typer.Option(help="Author name.")] = None,
    email: Annotated[str | None, typer.Option(help="Author e-mail.")] = None,
    python: Annotated[
        str | None, typer.Option("--python", help="Minimum Python version, e.g. 3.11.")
    ] = None,
    transport: TransportOpt = None,
    port: Annotated[int | None, typer.Option(help="Default HTTP port.")] = None,
    auth: Annotated[
        str | None,
        typer.Option(help="HTTP auth: none, api-key, jwt or oauth (default api-key)."),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option("--with", help="Comma-separated integrations to add, e.g. weather,sqlite."),
    ] = None,
    tool: Annotated[
        list[str] | None, typer.Option("--tool", help="An integration to add (repeatable).")
    ] = None,
    docker: Annotated[
        bool | None, typer.Option("--docker/--no-docker", help="Dockerfile and compose file.")
    ] = None,
    deploy: Annotated[
        str | None,
        typer.Option(help="Deployment manifests: none or kubernetes (deploy/, stateless HTTP)."),
    ] = None,
    git: Annotated[
        bool, typer.Option("--git/--no-git", help="git init and a first commit.")
    ] = True,
    install: Annotated[
        bool,
        typer.Option("--install/--no-install", help="uv sync and run the project's tests once."),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "--defaults", "-y", help="Take defaults; never prompt.")
    ] = False,
) -> None:
    """Create a new FastMCP server project."""
    from mcpgen import generate, options

    given = {
        "description": description,
        "author_name": author,
        "author_email": email,
        "python_version": python,
        "transport": transport,
        "http_port": port,
        "auth": auth,
        "docker": docker,
        "deploy": deploy,
    }
    components = options.parse_components(with_, tool or [])
    answers = options.resolve_answers(name, given, ask=not yes and ui.is_interactive())
    request = generate.NewRequest(
        answers=answers,
        dest=dest or Path(answers["project_name"]),
        components=components,
        git=git,
        install=install,
    )
    if answers["auth"] == "none" and answers["transport"] != "stdio":
        ui.warning("auth=none: anyone who can reach the HTTP port can call every tool.")
    project = generate.create(request, ui.Steps())
    ui.panel("Next steps", generate.next_steps(project, installed=install))


@app.command("client-config")
@reports_errors
def client_config(
    *,
    target: Annotated[
        list[str],
        typer.Option(
            "--target",
            "-T",
            help="claude-desktop, claude-code, cursor, vscode, windsurf, gemini-cli, codex, zed, "
            "json (print a generic entry) or all (every client installed here). Repeatable.",
        ),
    ],
    project_dir: Annotated[
        Path | None, typer.Option("--project", "-p", help="The generated project (default: here).")
    ] = None,
    scope: Annotated[
        str, typer.Option(help="user (your client config) or project (a file in the project).")
    ] = "user",
    transport: Annotated[
        str | None,
        typer.Option(help="stdio or http (default: the project's transport).", show_default=False),
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="Server URL for http (default: http://127.0.0.1:PORT/mcp).")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Server name in the config (default: the project name).")
    ] = None,
    print_: Annotated[
        bool, typer.Option("--print", help="Print the entry to paste yourself; write nothing.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the diff that would be applied; write nothing.")
    ] = False,
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove the server's entry instead.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing entry with different settings.")
    ] = False,
    config_path: Annotated[
        Path | None, typer.Option(help="Edit this file instead of the client's usual one.")
    ] = None,
) -> None:
    """Add this server to MCP clients' config files, changing nothing else in them."""
    from mcpgen import client_config as cc
    from mcpgen import project as projects
    from mcpgen.errors import UsageError

    if print_ and dry_run:
        raise UsageError("--print and --dry-run cannot be combined.")
    request = cc.Request(
        targets=target,
        project=projects.load(project_dir),
        scope=scope,
        transport=transport,
        url=url,
        name=name,
        remove=remove,
        force=force,
        config_path=config_path,
    )
    printed = cc.snippets(request, only_print_targets=not (print_ or cc.prints_only(request)))
    for target_name, text in printed:
        if len(printed) > 1:
            ui.err.print(f"{target_name}:", markup=False)
        ui.out.print(text, markup=False, highlight=False, emoji=False, soft_wrap=True, end="")
    if print_ or cc.prints_only(request):
        return
    for change in cc.plan(request):
        for message in change.warnings:
            ui.warning(message)
        if dry_run:
            diff = change.diff()
            ui.out.print(diff, markup=False, highlight=False, emoji=False, soft_wrap=True, end="")
        else:
            cc.apply(change)
        ui.err.print(cc.describe(change, dry_run=dry_run), markup=False, soft_wrap=True)


def main() -> None:
    """Console-script entry point."""
    app()
