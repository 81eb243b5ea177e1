"""Writing the single HTML files `cunzheng verifier` and `cunzheng certificate` make
(node/api/offline_page.py): atomically, and never over a file cunzheng did not write."""

from pathlib import Path
from urllib.parse import urlsplit

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliBadParameter, CliError, say
from cunzheng.cli.output_file import write_output

# index.html's generator tag, which every offline verifier and certificate carries.
GENERATOR_TAG = '<meta name="generator" content="cunzheng">'
HEAD_BYTES = 2048


def write_page(out: Path, html: str, inputs: list[Path]) -> None:
    """Write `html` to `out`, which must not be one of `inputs` and, if it exists, must be a
    page cunzheng wrote. Raises CliBadParameter or CliError otherwise."""
    if out.exists():
        if any(out.samefile(path) for path in inputs):
            raise CliBadParameter("page_out_is_input", param_hint="--out", path=out)
        try:
            with out.open("rb") as file:
                head = file.read(HEAD_BYTES).decode("utf-8", errors="replace")
        except OSError as err:
            raise CliError("cannot_read", path=out, error=ErrorText(err)) from err
        if GENERATOR_TAG not in head:
            raise CliError("page_out_is_foreign", path=out)
    write_output(out, html.encode("utf-8"))
    say("page_written", path=out)


def page_url_option(
    _context: click.Context, _parameter: click.Parameter, value: str | None
) -> str | None:
    """Check --page-url: an absolute http(s) address without a fragment (the QR code adds
    `#verify?id=…&kind=…`)."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CliBadParameter("page_url_not_http", param_hint="--page-url", url=value)
    if "#" in value or any(char.isspace() for char in value):
        raise CliBadParameter("page_url_fragment", param_hint="--page-url", url=value)
    return value
