"""cunzheng (存证): an evidence-preservation ledger run by a consortium of notaries.

The source lives in the three top-level folders the project's layout fixes (`ledger/`,
`node/`, `cli/`); this package gives them one import namespace, `cunzheng.ledger`,
`cunzheng.node` and `cunzheng.cli`, so that an installed cunzheng claims no generic
top-level name. In a checkout the three entries here are symbolic links to those folders;
a built wheel holds the files themselves. See docs/architecture.md.
"""
