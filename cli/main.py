"""The `cunzheng` command: one click group, one module per concern registering its commands.

`node`, `devnet` and `init` (running a node) are added by node/'s own command modules.
"""

import click

from cli.keys_cmd import genesis, keygen
from cli.proof_cmd import proof
from cli.status_cmd import status
from cli.submit_cmd import submit
from cli.verify_cmd import verify


@click.group()
@click.version_option(package_name="cunzheng")
def main() -> None:
    """cunzheng (存证): an evidence-preservation ledger run by a consortium of notaries."""


for _command in (keygen, genesis, submit, proof, verify, status):
    main.add_command(_command)

if __name__ == "__main__":
    main()
