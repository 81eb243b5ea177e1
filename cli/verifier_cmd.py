"""`cunzheng verifier`: the offline verifier, one HTML file that checks proof bundles and
evidence in any browser, without a network (node/api/offline_page.py; docs/cli.md)."""

from pathlib import Path

import click

from cunzheng.cli.i18n import lang_option
from cunzheng.cli.page_output import write_page
from cunzheng.cli.trust import genesis_option, load_genesis
from cunzheng.node.api.offline_page import offline_verifier


@click.command("verifier")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write; give it to anyone who must check evidence offline.",
)
@genesis_option
@lang_option
def verifier_command(out: Path, genesis_path: Path | None) -> None:
    """Write the offline verifier: one self-contained HTML file, the node's verification page
    with everything inside it, that makes no network request at all.

    With --genesis the file trusts that genesis: its verdicts say which consortium signed.
    Without, a bundle that checks out is at best "unconfirmed" (its own list of notaries).
    """
    genesis = None if genesis_path is None else load_genesis(genesis_path)
    inputs = [] if genesis_path is None else [genesis_path]
    write_page(out, offline_verifier(genesis).html, inputs)
