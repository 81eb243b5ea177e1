# What vulture (make lint, --min-confidence 60) reports as unused, one line each with the
# reason. Code used only by tests does not belong here: it moves to tests/support/ or goes.
# Used where vulture cannot see it:
_.propose_command  # click command: registered on the governance group by its decorator
_.sign_command  # click command: registered on the governance group by its decorator
_.submit_command  # click command: registered on the governance group by its decorator
_.show_command  # click command: registered on the governance group by its decorator
_.en  # Translation field: a catalog message's English, read by key
_.zh  # Translation field: a catalog message's Chinese, read by key
_.operator  # CollectionRecord field: read by name in __post_init__ and to_json
_.device  # CollectionRecord field: read by name in __post_init__ and to_json
_.content_length  # aiohttp StreamResponse property: setting it sends Content-Length
_.mtime  # tarfile.TarInfo field: written into the backup archive's manifest member
_.keygen  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.genesis  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.submit  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.proof  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.verify  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.status  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.seal_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.disclose_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.certificate_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.verifier_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.refresh_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.audit_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.export_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.backup_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.restore_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.migrate_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.init_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.node_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.devnet_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.governance_command  # click command: cli/main.py's COMMANDS imports it by name when it runs
_.list_commands  # click.Group hook: click calls it to list the commands
_.get_command  # click.Group hook: click calls it to find a command
_.package_rules  # writes node/api/static/rules.json, which the page reads (tests/support/rules_file.py)
# Kept though nothing reads it yet: an error's values stay attributes (STYLE.md §4).
_.node_message  # NodeRefused: the message the node answered with
