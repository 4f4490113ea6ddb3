"""The command-line interface: parses options, calls the core, and turns errors into exit codes.

This is the composition root and the only module that imports Typer. Core modules are imported
inside the commands so that ``mcpgen --help`` never pays for copier or fastmcp.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from mcpgen import __version__, ui
from mcpgen.errors import MCPGenError

if TYPE_CHECKING:
    from mcpgen.client_config import Change, Request
    from mcpgen.client_config.launch import Launch
    from mcpgen.client_config.verify import Verdict
    from mcpgen.components import Added

P = ParamSpec("P")
R = TypeVar("R")


class Argument(TyperArgument):
    """An argument shown as ``NAME`` (``[NAME]`` when optional), not ``{name}`` and ``<str>``."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        return name if self.required else f"[{name}]"

    def display_type_rich(self, ctx: Any) -> str | None:
        """No type column: the name says what to give."""
        return None


def _readable_metavars(params: list[Any]) -> None:
    """Flags show no value and every other option a word, never a Python type (``<bool>``)."""
    for param in params:
        if isinstance(param, TyperArgument):
            param.__class__ = Argument
        if param.metavar is None:
            param.metavar = "" if getattr(param, "is_flag", False) else param.name.upper()


def _without_metavar(option: Any) -> Any:
    if option is not None:
        option.metavar = ""
    return option


class Command(TyperCommand):
    """A command whose help reads like a CLI's: ``--port PORT``, ``--docker / --no-docker``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _readable_metavars(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        """``--help`` without a value column."""
        return _without_metavar(super().get_help_option(ctx))


class Group(TyperGroup):
    """The root command, with the same readable help as every command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _readable_metavars(self.params)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command's whole summary, wrapped to the width, never cut off with '...'."""
        rows = []
        for name in self.list_commands(ctx):
            found = self.get_command(ctx, name)
            if found is not None and not found.hidden:
                rows.append((name, found.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: Any) -> Any:
        """``--help`` without a value column."""
        return _without_metavar(super().get_help_option(ctx))


app = typer.Typer(
    name="mcpgen",
    help="Generate FastMCP servers, add integrations, and connect them to MCP clients.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors, as git's or click's: no boxes to wrap or break in a pipe, and
    # usage errors read like mcpgen's own ("Error: ..." on one line).
    rich_markup_mode=None,
    cls=Group,
)
command = functools.partial(app.command, cls=Command)


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
        metavar="stdio|http|sse",
        help="Transport the server starts with by default (it can always start with any). "
        "Default: stdio.",
        show_default=False,
    ),
]


@command()
@reports_errors
def new(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Project name, e.g. 'weather-server'.")
    ],
    dest: Annotated[
        Path | None,
        typer.Option("--dest", "-d", metavar="DIR", help="Directory to create. Default: ./NAME."),
    ] = None,
    description: Annotated[
        str | None, typer.Option(metavar="TEXT", help="One-line description.")
    ] = None,
    author: Annotated[
        str | None, typer.Option(metavar="NAME", help="Author name. Default: git's user.name.")
    ] = None,
    email: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS", help="Author e-mail. Default: git's user.email."),
    ] = None,
    python: Annotated[
        str | None,
        typer.Option(
            "--python",
            metavar="3.11|3.12|3.13|3.14",
            help="Minimum Python version. Default: 3.11.",
        ),
    ] = None,
    transport: TransportOpt = None,
    port: Annotated[
        str | None, typer.Option(metavar="PORT", help="Default HTTP port. Default: 8000.")
    ] = None,
    auth: Annotated[
        str | None,
        typer.Option(
            metavar="none|api-key|jwt|oauth|oauth-proxy",
            help="HTTP auth. Default: api-key when the project serves HTTP (http, sse, --docker or "
            "--deploy kubernetes), else none. oauth-proxy "
            "makes the server the OAuth authorization server connectors (Claude.ai, ChatGPT) "
            "register with, in front of --idp.",
        ),
    ] = None,
    idp: Annotated[
        str | None,
        typer.Option(
            metavar="github|google|entra|auth0|workos|oidc",
            help="Identity provider users sign in with, for --auth oauth-proxy (implies it); "
            "oidc is any provider with OpenID discovery. Default: github.",
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            metavar="KIND[,KIND...]",
            help="Integrations to add, e.g. weather,sqlite ('mcpgen list' shows them).",
        ),
    ] = None,
    tool: Annotated[
        list[str] | None,
        typer.Option("--tool", metavar="KIND", help="An integration to add (repeatable)."),
    ] = None,
    docker: Annotated[
        bool | None,
        typer.Option(
            "--docker/--no-docker",
            help="Dockerfile and compose file. Default: on for http and sse.",
            show_default=False,
        ),
    ] = None,
    deploy: Annotated[
        str | None,
        typer.Option(
            metavar="none|kubernetes",
            help="Deployment manifests (kubernetes: deploy/, stateless HTTP). Default: none.",
        ),
    ] = None,
    rate_limit: Annotated[
        bool | None,
        typer.Option(
            "--rate-limit/--no-rate-limit",
            help="Per-caller, per-tool rate limits on tool calls. Default: on for http and sse.",
            show_default=False,
        ),
    ] = None,
    otel: Annotated[
        bool | None,
        typer.Option(
            "--otel/--no-otel",
            help="OpenTelemetry tracing over OTLP, on when OTEL_EXPORTER_OTLP_ENDPOINT is set. "
            "Default: off.",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        bool | None,
        typer.Option(
            "--git/--no-git",
            help="git init, a first commit and the pristine branch. Default: on when git exists.",
            show_default=False,
        ),
    ] = None,
    install: Annotated[
        bool | None,
        typer.Option(
            "--install/--no-install",
            help="uv sync and run the project's tests once. Default: off (asked on a terminal).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "--defaults", "-y", help="Take defaults; never prompt.")
    ] = False,
) -> None:
    """Create a new FastMCP server project (asks what the options do not say, on a terminal)."""
    from mcpgen import generate, next_steps, options
    from mcpgen.names import project_name
    from mcpgen.tooling import git_executable

    given = {
        "description": description,
        "author_name": author,
        "author_email": email,
        "python_version": python,
        "transport": transport,
        "http_port": port,
        "auth": auth,
        "idp": idp,
        "docker": docker,
        "deploy": deploy,
        "rate_limit": rate_limit,
        "otel": otel,
    }
    # Everything given on the command line is checked before the first question.
    target = generate.check_destination(dest or Path(project_name(name).dist))
    options.check_given(given)
    components = options.parse_components(with_, tool or [])
    ask = not yes and ui.is_interactive()
    answers = options.resolve_answers(name, given, ask=ask)
    if ask:
        from mcpgen.prompts import ask_on_terminal

        if with_ is None and not tool:
            components = options.ask_components(ask_on_terminal)
        if install is None:
            install = options.ask_install(ask_on_terminal)
    if git is None:
        git = git_executable() is not None
        if not git:
            ui.warning("git is not installed: no repository and no pristine branch for updates.")
    request = generate.NewRequest(
        answers=answers, dest=target, components=components, git=git, install=bool(install)
    )
    if answers["auth"] == "none" and options.serves_http(answers):
        ui.warning("auth=none: anyone who can reach the HTTP port can call every tool.")
    project = generate.create(request, ui.Steps())
    steps = next_steps.for_new_project(project, installed=bool(install), components=components)
    ui.panel("Next steps", steps.lines())


@command("client-config")
@reports_errors
def client_config(
    *,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            "-T",
            metavar="TARGET",
            help="claude-desktop, claude-code, cursor, vscode, windsurf, gemini-cli, codex, zed, "
            "json (print a generic entry) or all (every client installed here). Required; "
            "repeatable.",
            show_default=False,
        ),
    ] = None,
    project_dir: Annotated[
        Path | None,
        typer.Option(
            "--project", "-p", metavar="DIR", help="The generated project (default: here)."
        ),
    ] = None,
    scope: Annotated[
        str,
        typer.Option(
            metavar="user|project",
            help="user (your client config; the default) or project (a file in the project).",
            show_default=False,
        ),
    ] = "user",
    transport: Annotated[
        str | None,
        typer.Option(
            metavar="stdio|http",
            help="stdio or http (default: the project's transport).",
            show_default=False,
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            metavar="URL", help="Server URL for http (default: http://127.0.0.1:PORT/mcp)."
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Server name in the config (default: the project name)."),
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
        Path | None,
        typer.Option(metavar="FILE", help="Edit this file instead of the client's usual one."),
    ] = None,
    check: Annotated[
        bool | None,
        typer.Option(
            "--check/--no-check",
            help="Start the server as the client would and list its tools "
            "(default: after every write).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add this server to MCP clients' config files, changing nothing else in them."""
    from mcpgen import client_config as cc
    from mcpgen import project as projects
    from mcpgen.errors import UsageError

    if print_ and dry_run:
        raise UsageError("--print and --dry-run cannot be combined.")
    target = _check_targets(target or [])
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
    writes = not (print_ or dry_run or cc.prints_only(request))
    printed = cc.snippets(request, only_print_targets=not (print_ or cc.prints_only(request)))
    for target_name, text in printed:
        if len(printed) > 1:
            ui.write(f"{target_name}:\n", stderr=True)
        ui.write(text)
    written: list[str] = []
    if not (print_ or cc.prints_only(request)):
        written = _write_client_configs(cc.plan(request), dry_run=dry_run)
    if check if check is not None else (writes and not remove):
        _check_server(request, written)


def _check_targets(targets: list[str]) -> list[str]:
    """The targets; unknown or none fail before anything is read or written, with a hint."""
    from mcpgen import suggest
    from mcpgen.client_config.targets import TARGET_NAMES
    from mcpgen.errors import UsageError

    if not targets:
        raise UsageError(
            "Missing --target: which client should get the server?",
            hint=f"Give --target once per client ({', '.join(TARGET_NAMES[:-2])}), or "
            "--target json to print an entry, or --target all for every client installed here.",
        )
    for name in targets:
        if name not in TARGET_NAMES:
            raise UsageError(
                f"Unknown target {name!r} for --target.", hint=suggest.hint(name, TARGET_NAMES)
            )
    return targets


def _write_client_configs(planned: list[Change], *, dry_run: bool) -> list[str]:
    """Apply (or show) each change; the descriptions of those written."""
    from mcpgen import client_config as cc

    if not dry_run:
        cc.apply_all(planned)  # all files or none
    for change in planned:
        for message in change.warnings:
            ui.warning(message)
        if dry_run:
            diff = change.diff()
            ui.out.print(diff, markup=False, highlight=False, emoji=False, soft_wrap=True, end="")
        ui.err.print(cc.describe(change, dry_run=dry_run), markup=False, soft_wrap=True)
    return [
        f"{change.client.title}'s config {change.path}"
        for change in planned
        if change.changed and not dry_run
    ]


def _check_server(request: Request, written: list[str]) -> None:
    from mcpgen import client_config as cc
    from mcpgen.client_config import verify

    spec = cc.server_spec(request)
    launches: list[Launch | None] = [*cc.launches(request)] or [None]
    for launch in launches:
        how = f"as {launch.client} would" if launch else "as a client would"
        with ui.Steps().step(
            f"Started '{spec.name}' {how} and listed its tools",
            running=f"Starting '{spec.name}' {how} and asking for its tools…",
        ):
            verdict = verify.check(spec, request.project.root, launch)
            if not verdict.ok:
                _check_failed(verdict, written)
    listed = ", ".join(verdict.tools)
    ui.err.print(f"  {ui.plural(len(verdict.tools), 'tool')}: {listed}", markup=False)
    for message in verdict.warnings:
        ui.warning(message)


def _check_failed(verdict: Verdict, written: list[str]) -> NoReturn:
    from mcpgen.errors import StepFailedError

    problem = f"the server did not answer: {verdict.problem}."
    if written:
        problem = f"Wrote {', '.join(written)}, but {problem}"
    else:
        problem = problem[:1].upper() + problem[1:]
    raise StepFailedError(problem, hint=verdict.fix)


def _print_kinds(as_json: bool) -> None:
    from mcpgen import catalog

    if as_json:
        import json

        kinds = [
            {
                "kind": kind.name,
                "summary": kind.summary,
                "tools": list(kind.tools(kind.name)),
                # What add-tool needs besides the kind; 'new --with' takes only kinds needing none.
                "needs": [*(["--name"] if kind.needs_name else []), *filter(None, [kind.option])],
            }
            for kind in catalog.KINDS.values()
        ]
        ui.out.print(json.dumps(kinds, indent=2), markup=False, highlight=False, soft_wrap=True)
        return
    width = max(len(name) for name in catalog.KINDS)
    for kind in catalog.KINDS.values():
        ui.out.print(f"{kind.name:<{width}}  {kind.summary}", markup=False, soft_wrap=True)


@command("add-tool")
@reports_errors
def add_tool(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help="What to add: an integration (weather, sqlite, postgres; openapi with --spec, "
            "files with --root) or a scaffold of your own (custom, resource, prompt; these need "
            "--name). See --list.",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Instance name (default: the kind); names the module, tools and variables, "
            "e.g. --name analytics_db gives analytics_db_query and ANALYTICS_DB_*. Required for "
            "custom, resource and prompt: the name of your tool, resources or prompt.",
            show_default=False,
        ),
    ] = None,
    project_dir: Annotated[
        Path | None,
        typer.Option(
            "--project", "-p", metavar="DIR", help="The generated project (default: here)."
        ),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the available integrations and exit.")
    ] = False,
    spec: Annotated[
        str | None,
        typer.Option(
            metavar="FILE_OR_URL",
            help="openapi: the OpenAPI 3.0/3.1 document (JSON or YAML; https://, or http:// "
            "to this machine). Given for an existing --name, it refreshes that instance.",
            show_default=False,
        ),
    ] = None,
    include_tags: Annotated[
        str | None,
        typer.Option(
            metavar="TAG,...",
            help="openapi: serve only the operations with one of these tags.",
            show_default=False,
        ),
    ] = None,
    include_operations: Annotated[
        str | None,
        typer.Option(
            metavar="ID,...",
            help="openapi: serve (also) these operations, by operationId.",
            show_default=False,
        ),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="files: the directory to serve, read-only (written to .env as NAME_ROOT).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add an integration, or a scaffold of your own tool, resource or prompt, to a project."""
    from mcpgen.errors import UsageError

    if list_:
        _print_kinds(as_json=False)
        return
    if kind is None:
        raise UsageError("Missing the integration to add.", hint="Run 'mcpgen add-tool --list'.")
    from mcpgen import catalog, pristine

    component = catalog.get(kind)  # an unknown kind is a plain error, not a failed step
    steps = ui.Steps()
    from mcpgen import component_data

    options = component_data.Options(
        spec=spec,
        include_tags=component_data.split_list(include_tags),
        include_operations=component_data.split_list(include_operations),
        root=root,
    )
    if component.option or spec or include_tags or include_operations or root:
        added, recorded = component_data.add(project_dir or Path.cwd(), kind, name, options, steps)
    else:
        added, recorded = pristine.add_component(project_dir or Path.cwd(), kind, name, steps)
    for path in added.created:
        steps.note(f"created {path}")
    for path in added.changed:
        steps.note(f"changed {path}")
    steps.note(recorded)
    from mcpgen.next_steps import NextSteps

    steps_after = NextSteps(
        commands=[
            *(
                [("uv sync --locked", "install what uv.lock pins")]
                if added.locked
                else [("uv sync", "install the new dependencies")]
                if Path("pyproject.toml") in added.changed
                else []
            ),
            ("uv run pytest", "run the tests"),
        ],
        notes=[*_served(added), *added.notes],
    )
    ui.panel("Next steps", steps_after.lines())


def _served(added: Added) -> list[str]:
    """What the new component serves and what it needs set, one note each."""
    notes = [
        f"{label}: {', '.join(names)}."
        for label, names in (
            ("Tools", added.tools),
            ("Resources", added.resources),
            ("Prompts", added.prompts),
        )
        if names
    ]
    if added.env:
        notes.append(f"Set {', '.join(added.env)} in .env (see .env.example).")
    from mcpgen import catalog

    if catalog.get(added.kind).needs_name:
        module = next(path for path in added.created if path.parent.name == "tools")
        notes.append(f"Replace the example in {module} with your own; its tests show the shape.")
    return notes


@command("list")
@reports_errors
def list_kinds(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the integrations 'new --with' and 'add-tool' can add."""
    _print_kinds(as_json)


@command()
@reports_errors
def update(
    project_dir: Annotated[
        Path | None,
        typer.Option("--project", "-p", metavar="DIR", help="Project directory (default: here)."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Change an answer while updating, e.g. transport=http.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show which files would change; change nothing.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when the project is not current (for CI).")
    ] = False,
) -> None:
    """Merge the installed templates' changes into an existing project, keeping your edits."""
    from mcpgen import update as updating

    settings = updating.parse_settings(set_ or [])
    updating.prepare(project_dir or Path.cwd(), writes=not (dry_run or check))
    with ui.Steps().step(
        "Re-rendered the project and compared it with its pristine render",
        running="Re-rendering the project and comparing it with its pristine render…",
    ):
        result = updating.update(
            project_dir or Path.cwd(), settings=settings, dry_run=dry_run, check=check
        )
    if result.status == "current":
        ui.out.print(f"Up to date with mcpgen {result.to_version} templates.")
        return
    moving = (
        f"mcpgen {result.from_version} -> {result.to_version}"
        if result.from_version != result.to_version
        else f"mcpgen {result.to_version}'s templates changed"
    )
    if result.status == "outdated":
        changing = ui.plural(len(result.changed), "file")
        ui.out.print(f"Not current ({moving}); the templates change {changing}:", markup=False)
        for path in result.changed:
            ui.out.print(f"  {path}", markup=False)
        raise typer.Exit(1 if check else 0)
    for step in result.migrated:
        ui.out.print(f"Migrated: {step}", markup=False)
    if result.status == "conflicts":
        relock = ", run 'uv lock' and 'git add uv.lock'" if result.needs_lock else ""
        ui.error(
            f"Updated ({moving}) with conflicts in: {', '.join(result.conflicts)}.",
            f"Resolve the conflict markers, 'git add' the files{relock}, then 'git commit'.",
        )
        raise typer.Exit(1)
    merged = ui.plural(len(result.changed), "changed file")
    ui.out.print(f"Updated ({moving}); merged {merged}.", markup=False)
    if result.locked:
        ui.out.print(f"Locked the dependencies (uv lock): {result.locked}", markup=False)


@command()
@reports_errors
def adopt(
    project_dir: Annotated[
        Path | None,
        typer.Option("--project", "-p", metavar="DIR", help="Project directory (default: here)."),
    ] = None,
) -> None:
    """Start tracking the pristine render of a project made with --no-git or an older mcpgen."""
    from mcpgen import pristine

    commit = pristine.adopt(project_dir or Path.cwd())
    ui.out.print(
        f"Recorded the pristine render as {commit[:10]} on branch mcpgen/template; "
        "'mcpgen update' can now merge template changes."
    )


@command()
@reports_errors
def check(
    project_dir: Annotated[
        Path | None,
        typer.Option("--project", "-p", metavar="DIR", help="Project directory (default: here)."),
    ] = None,
    server: Annotated[
        str | None,
        typer.Option(
            metavar="SPEC",
            help="Check another FastMCP server: 'module:attr' or 'path/server.py:attr' "
            "(attr: a FastMCP instance or a factory).",
            show_default=False,
        ),
    ] = None,
    python: Annotated[
        str | None,
        typer.Option(
            metavar="PATH",
            help="Python of the server's environment (default: the project's .venv, else uv).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report.")] = False,
) -> None:
    """Lint what AI clients read: descriptions, parameter docs, names and tool poisoning."""
    from mcpgen import check as checker
    from mcpgen.check.table import findings_lines, findings_table, summary

    report = checker.run(checker.Target.resolve(project_dir, server, python))
    if as_json:
        ui.out.print(report.as_json(), markup=False, highlight=False, soft_wrap=True)
    else:
        if report.findings and ui.out.is_terminal:
            ui.out.print(findings_table(report))
        elif report.findings:
            for line in findings_lines(report):
                ui.out.print(line, markup=False, highlight=False, soft_wrap=True)
        ui.out.print(summary(report), markup=False, highlight=False, soft_wrap=True)
    if report.errors:
        raise typer.Exit(1)


@command()
@reports_errors
def bundle(
    project_dir: Annotated[
        Path | None,
        typer.Option("--project", "-p", metavar="DIR", help="Project directory (default: here)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Bundle file (default: dist/NAME-VERSION.mcpb)."
        ),
    ] = None,
) -> None:
    """Build a reproducible MCP Bundle (.mcpb) that desktop clients install by double-click."""
    from mcpgen import bundle as bundler

    made = bundler.build(project_dir, output, ui.Steps())
    ui.out.print(f"Wrote {made.path} ({len(made.files)} files).", markup=False, soft_wrap=True)


@command()
@reports_errors
def registry(
    project_dir: Annotated[
        Path | None,
        typer.Option("--project", "-p", metavar="DIR", help="Project directory (default: here)."),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Registry name, e.g. io.github.USER/SERVER (default: recorded, else "
            "from the GitHub remote).",
            show_default=False,
        ),
    ] = None,
    remote_url: Annotated[
        str | None,
        typer.Option(
            metavar="URL", help="Public https URL of a deployed server.", show_default=False
        ),
    ] = None,
    image: Annotated[
        str | None,
        typer.Option(
            metavar="IMAGE",
            help="Container image without tag (Docker projects; default: ghcr.io).",
            show_default=False,
        ),
    ] = None,
    bundle: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="List this .mcpb as a package, by its URL on this version's GitHub release "
            "(the release workflow does this).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write server.json for the official MCP registry and the README's mcp-name marker."""
    from mcpgen import registry as registries

    path, server = registries.write(
        project_dir, name=name, remote_url=remote_url, image=image, bundle=bundle
    )
    ui.out.print(
        f"Wrote {path} for {server['name']} {server['version']}.", markup=False, soft_wrap=True
    )


def main() -> None:
    """Console-script entry point."""
    app()
