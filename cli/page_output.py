"""Writing the single HTML files `cunzheng verifier` and `cunzheng certificate` make
(node/api/offline_page.py): atomically, and never over a file cunzheng did not write."""

from pathlib import Path
from urllib.parse import urlsplit

import click

from cunzheng.cli.i18n import Language, resolve_language, text
from cunzheng.cli.output_file import write_output

# index.html's generator tag, which every offline verifier and certificate carries.
GENERATOR_TAG = '<meta name="generator" content="cunzheng">'
HEAD_BYTES = 2048


def write_page(out: Path, html: str, inputs: list[Path], language: Language) -> None:
    """Write `html` to `out`, which must not be one of `inputs` and, if it exists, must be a
    page cunzheng wrote. Raises click.BadParameter or click.ClickException otherwise."""
    if out.exists():
        if any(out.samefile(path) for path in inputs):
            raise click.BadParameter(
                f"{out} is one of the input files; choose another file name", param_hint="--out"
            )
        try:
            with out.open("rb") as file:
                head = file.read(HEAD_BYTES).decode("utf-8", errors="replace")
        except OSError as err:
            raise click.ClickException(f"cannot read {out}: {err.strerror or err}") from err
        if GENERATOR_TAG not in head:
            raise click.ClickException(text(language, "page_not_ours", path=out))
    write_output(out, html.encode("utf-8"))
    click.echo(text(language, "page_written", path=out))


def page_url_option(
    _context: click.Context, _parameter: click.Parameter, value: str | None
) -> str | None:
    """Check --page-url: an absolute http(s) address without a fragment (the QR code adds
    `#verify?id=…&kind=…`)."""
    if value is None:
        return None
    language = resolve_language(None)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(text(language, "page_url_not_http", url=value))
    if "#" in value or any(char.isspace() for char in value):
        raise click.BadParameter(text(language, "page_url_fragment", url=value))
    return value
