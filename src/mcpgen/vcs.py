"""Git plumbing for generated projects: the pristine template branch, commits and merges.

The pristine branch (``mcpgen/template``) holds exactly what mcpgen rendered, commit after
commit. The user's branch merges it, so git's own three-way merge carries template changes
into user-edited files. Trees are committed to the pristine branch through a private index,
never through the user's working tree or index.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from mcpgen.errors import MCPGenError, StepFailedError, ToolMissingError
from mcpgen.tooling import git_executable

TEMPLATE_BRANCH = "mcpgen/template"
FALLBACK_IDENTITY = ("mcpgen", "mcpgen@users.noreply.invalid")


class Git:
    """A repository at ``root``."""

    def __init__(self, root: Path, fallback_identity: tuple[str, str] = FALLBACK_IDENTITY) -> None:
        executable = git_executable()
        if executable is None:
            raise ToolMissingError("git is not installed.", hint="Install git and try again.")
        self.root = root
        self.executable = executable
        self.fallback_identity = fallback_identity
        self._identity = _identity_env(root, executable, fallback_identity)

    def run(
        self, *args: str, env: dict[str, str] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git ARGS`` in the repository."""
        done = subprocess.run(
            [self.executable, *args],
            cwd=self.root,
            env={**os.environ, **self._identity, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise StepFailedError(
                f"git {' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}",
                hint=f"Inspect the repository in {self.root}.",
            )
        return done

    def init(self) -> None:
        """Create a repository whose first branch is ``main``."""
        self.run("init", "-q", "-b", "main")
        self._identity = _identity_env(self.root, self.executable, self.fallback_identity)

    def commit_all(self, message: str) -> None:
        """Commit every file in the work tree."""
        self.run("add", "--all")
        self.run("commit", "-q", "--no-verify", "--allow-empty", "-m", message)

    def commit_paths(self, message: str, *paths: str) -> bool:
        """Commit only ``paths`` (added or changed); False when they hold nothing new."""
        self.run("add", "--", *paths)
        staged = self.run("diff", "--cached", "--quiet", "--", *paths, check=False)
        if staged.returncode == 0:
            return False
        self.run("commit", "-q", "--no-verify", "-m", message, "--", *paths)
        return True

    def reset_to(self, commit: str) -> None:
        """Put the current branch, index and tracked files back to ``commit``."""
        self.run("reset", "-q", "--hard", commit)

    def delete_branch(self, branch: str) -> None:
        """Remove ``branch`` (nothing happens if it does not exist)."""
        self.run("update-ref", "-d", f"refs/heads/{branch}", check=False)

    def export(self, ref: str, directory: Path) -> None:
        """Write the files of ``ref`` into ``directory`` (which must exist)."""
        import io
        import tarfile

        archive = subprocess.run(
            [self.executable, "archive", "--format=tar", ref],
            cwd=self.root,
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(directory, filter="data")

    def is_repository(self) -> bool:
        """True when ``root`` is the top of a git work tree."""
        done = self.run("rev-parse", "--show-toplevel", check=False)
        return done.returncode == 0 and Path(done.stdout.strip()).resolve() == self.root.resolve()

    def rev(self, ref: str) -> str | None:
        """The commit ``ref`` points at, or None."""
        done = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return done.stdout.strip() or None

    def dirty_files(self) -> list[str]:
        """Paths with uncommitted changes (untracked files included)."""
        done = self.run("status", "--porcelain", "--untracked-files=normal")
        return [line[3:] for line in done.stdout.splitlines() if line.strip()]

    def current_branch(self) -> str | None:
        """The checked-out branch, or None on a detached HEAD."""
        done = self.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        return done.stdout.strip() or None

    def commit_directory(self, directory: Path, message: str, parents: list[str]) -> str:
        """Commit the files of ``directory`` (not the work tree) as a new commit object."""
        with tempfile.TemporaryDirectory(prefix="mcpgen-index-") as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index"), "GIT_WORK_TREE": str(directory)}
            self.run("add", "--all", "--force", ".", env=env)
            tree = self.run("write-tree", env=env).stdout.strip()
        parent_args = [arg for parent in parents for arg in ("-p", parent)]
        return self.run("commit-tree", tree, *parent_args, "-m", message).stdout.strip()

    def tree_of(self, commit: str) -> str:
        """The tree id of ``commit``."""
        return self.run("rev-parse", f"{commit}^{{tree}}").stdout.strip()

    def set_branch(self, branch: str, commit: str) -> None:
        """Point ``branch`` at ``commit`` (creating it)."""
        self.run("update-ref", f"refs/heads/{branch}", commit)

    def changed_paths(self, old: str, new: str) -> list[str]:
        """Paths that differ between two commits."""
        return self.run("diff", "--name-only", old, new).stdout.split()

    def merge(self, ref: str, message: str) -> list[str]:
        """Merge ``ref`` into the current branch; return conflicted paths (empty: committed)."""
        done = self.run(
            "merge", "--no-ff", "--allow-unrelated-histories", "-m", message, ref, check=False
        )
        if done.returncode == 0:
            return []
        conflicted = self.run("diff", "--name-only", "--diff-filter=U").stdout.split()
        if not conflicted:
            self.run("merge", "--abort", check=False)
            raise MCPGenError(
                f"git merge failed: {done.stderr.strip() or done.stdout.strip()}",
                hint="Your branch was left as it was.",
            )
        return conflicted

    def mark_merged(self, ref: str, message: str) -> None:
        """Record ``ref`` as merged without changing any file (``-s ours``)."""
        self.run("merge", "-s", "ours", "--allow-unrelated-histories", "-m", message, ref)

    def mark_merged_in_place(self, ref: str, message: str) -> bool:
        """Record ``ref`` as merged into HEAD, leaving the index and work tree alone.

        The merge commit keeps HEAD's tree, so ``git status`` reads exactly as before and
        uncommitted changes stay uncommitted. False on an unborn HEAD (nothing to merge into).
        """
        head = self.rev("HEAD")
        target = self.rev(ref)
        if head is None or target is None:
            return False
        merge = self.run(
            "commit-tree", self.tree_of(head), "-p", head, "-p", target, "-m", message
        ).stdout.strip()
        self.run("update-ref", "-m", message, "HEAD", merge, head)
        return True

    def operation_in_progress(self) -> str | None:
        """The merge, rebase, cherry-pick or revert the user is in the middle of, or None."""
        markers = {
            "MERGE_HEAD": "merge",
            "rebase-merge": "rebase",
            "rebase-apply": "rebase",
            "CHERRY_PICK_HEAD": "cherry-pick",
            "REVERT_HEAD": "revert",
        }
        for marker, operation in markers.items():
            path = self.run("rev-parse", "--git-path", marker).stdout.strip()
            if (self.root / path).exists():
                return operation
        return None


def _identity_env(root: Path, executable: str, fallback: tuple[str, str]) -> dict[str, str]:
    """A committer identity for repositories where the user has none configured."""
    probe = subprocess.run(
        [executable, "config", "user.email"], cwd=root, capture_output=True, text=True, check=False
    )
    if probe.stdout.strip():
        return {}
    name, email = fallback
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
