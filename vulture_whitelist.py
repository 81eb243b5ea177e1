# What vulture (make lint, --min-confidence 60) reports as unused, one line each with the
# reason. Code used only by tests does not belong here: it moves to tests/support/ or goes.
# Used where vulture cannot see it:
_.propose_command  # click command: registered on the governance group by its decorator
_.sign_command  # click command: registered on the governance group by its decorator
_.submit_command  # click command: registered on the governance group by its decorator
_.show_command  # click command: registered on the governance group by its decorator
_.operator  # CollectionRecord field: read by name in __post_init__ and to_json
_.device  # CollectionRecord field: read by name in __post_init__ and to_json
_.content_length  # aiohttp StreamResponse property: setting it sends Content-Length
_.mtime  # tarfile.TarInfo field: written into the backup archive's manifest member
# Kept though nothing reads it yet: an error's values stay attributes (STYLE.md §4).
_.node_message  # NodeRefused: the message the node answered with
# Used only by tests: the consensus driver checks a precommit's checkpoint signature inline
# (node/consensus/driver.py, on_vote) instead of calling it. Call it there or remove it.
_.verify_checkpoint_signature
