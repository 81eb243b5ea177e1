"""cunzheng benchmarks (not tests): `python -m bench [--quick] [NAME …]`, or `make bench`.

Each module here with a `run(quick: bool)` function is one group of benchmarks; each prints
one JSON line per figure with its floor, the raw cost of the same work measured in the same
run (docs/style.md, "Benchmarks").
"""

MODULES = ("ledger", "audit", "node_http", "consortium", "page", "page_package", "preserve")
