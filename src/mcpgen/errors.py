"""The one error hierarchy: every failure a user can cause carries a message and a hint."""

from __future__ import annotations


class MCPGenError(Exception):
    """A failure caused by input or environment, shown to the user as one line plus a hint.

    The CLI turns these (and only these) into exit code ``exit_code`` without a traceback.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(MCPGenError):
    """The command line itself is wrong (a bad option value or combination)."""

    exit_code = 2


class InvalidNameError(UsageError):
    """A project, package or component name that cannot be used."""


class DestinationError(MCPGenError):
    """The destination directory cannot be written safely."""


class ProjectNotFoundError(MCPGenError):
    """No mcpgen-generated project where one was expected."""


class ComponentError(MCPGenError):
    """A component cannot be added to this project."""


class FileEditError(MCPGenError):
    """A user's file cannot be read or written safely (changed meanwhile, read-only, I/O)."""


class UnsafeFileError(FileEditError):
    """Writing would follow a link mcpgen did not create or touch another user's file."""


class ConfigEditError(MCPGenError):
    """A client configuration file cannot be edited safely."""


class ToolMissingError(MCPGenError):
    """An external program mcpgen needs (uv, git, npx) is not installed."""


class StepFailedError(MCPGenError):
    """An external step (install, tests, git) ran and failed."""
