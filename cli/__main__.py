"""`python -m cunzheng.cli` runs the `cunzheng` command."""

from cunzheng.cli.main import main

main()
