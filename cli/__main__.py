"""`python -m cli` runs the `cunzheng` command."""

from cli.main import main

main()
