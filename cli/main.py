"""The `cunzheng` command: one click group; each concern's module defines its commands."""

import click

from cunzheng.cli.audit_cmd import audit_command
from cunzheng.cli.backup_cmd import backup_command, restore_command
from cunzheng.cli.certificate_cmd import certificate_command
from cunzheng.cli.export_cmd import export_command
from cunzheng.cli.governance_cmd import governance_command
from cunzheng.cli.keys_cmd import genesis, keygen
from cunzheng.cli.node_cmd import devnet_command, init_command, node_command
from cunzheng.cli.proof_cmd import proof
from cunzheng.cli.refresh_cmd import refresh_command
from cunzheng.cli.seal_cmd import disclose_command, seal_command
from cunzheng.cli.status_cmd import status
from cunzheng.cli.submit_cmd import submit
from cunzheng.cli.verify_cmd import verify


@click.group()
@click.version_option(package_name="cunzheng")
def main() -> None:
    """cunzheng (存证): an evidence-preservation ledger run by a consortium of notaries."""


main.add_command(keygen)
main.add_command(genesis)
main.add_command(submit)
main.add_command(proof)
main.add_command(verify)
main.add_command(status)
main.add_command(seal_command)
main.add_command(disclose_command)
main.add_command(certificate_command)
main.add_command(refresh_command)
main.add_command(audit_command)
main.add_command(export_command)
main.add_command(backup_command)
main.add_command(restore_command)
main.add_command(init_command)
main.add_command(node_command)
main.add_command(devnet_command)
main.add_command(governance_command)

if __name__ == "__main__":
    main()
