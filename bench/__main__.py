"""Run the benchmark modules in turn: `python -m bench [--quick] [NAME …]`."""

import argparse
import importlib
from collections.abc import Sequence

from bench import MODULES
from bench.report import progress


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run the named modules (all by default), in turn."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="cunzheng benchmarks: one JSON line per figure on stdout, notes on stderr.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"benchmark modules to run (default: all of {', '.join(MODULES)})",
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in MODULES]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    for name in args.names or MODULES:
        progress(f"bench.{name}{' (quick)' if args.quick else ''}")
        importlib.import_module(f"bench.{name}").run(quick=args.quick)


if __name__ == "__main__":
    main()
