"""Progress bars on standard error, shown only when it is a terminal."""

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from cunzheng.cli.i18n import current_language, text
from cunzheng.ledger.folder import FolderProgress


@contextmanager
def block_progress(description_key: str, total: int) -> Iterator[Progress]:
    """A progress bar of blocks with ETA on standard error, shown only on a terminal, named
    by message `description_key` in the command's language."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, TimeRemainingColumn(), console=console, disable=not console.is_terminal
    ) as progress:
        progress.add_task(text(current_language(), description_key), total=total)
        yield progress


@contextmanager
def hashing_progress() -> Iterator[FolderProgress]:
    """A FolderProgress callback drawing a transient bar (the results stay readable) of the
    bytes hashed so far, named after the file being hashed."""
    console = Console(stderr=True)
    bar = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(
        *bar, console=console, transient=True, disable=not console.is_terminal
    ) as progress:
        task = progress.add_task("", total=None)

        def report(path: str, done: int, total: int) -> None:
            progress.update(task, description=path, completed=done, total=total)

        yield report
