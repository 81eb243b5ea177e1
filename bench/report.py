"""How benchmarks report: one JSON line per figure on stdout, progress on stderr (STYLE.md §8)."""

import json
import sys
from collections.abc import Callable
from time import perf_counter


def _significant(value: float, digits: int = 4) -> float:
    return float(f"{value:.{digits}g}")


def figure(
    bench: str, value: float, unit: str, floor: str, floor_value: float, **detail: object
) -> dict[str, object]:
    """Print one figure as a JSON line and return it.

    `floor` names the raw cost of the same work, measured in the same run, and `floor_value`
    is its figure in `unit`; ratio = value / floor_value. `detail` adds fields after these.
    """
    line: dict[str, object] = {
        "bench": bench,
        "value": _significant(value),
        "unit": unit,
        "floor": floor,
        "floor_value": _significant(floor_value),
        "ratio": _significant(value / floor_value, 3),
    }
    line.update(detail)
    print(json.dumps(line, ensure_ascii=False), flush=True)
    return line


def progress(message: str) -> None:
    """A note for the person watching; stderr, so stdout stays JSON lines only."""
    print(f"# {message}", file=sys.stderr, flush=True)


def best_rate(work: Callable[[], int], rounds: int) -> float:
    """Operations per second of the fastest of `rounds` runs of `work` (which returns its count).

    The fastest run is the one least disturbed by the rest of the machine; benchmarks time
    their floors the same way, so the ratio compares like with like.
    """
    best = 0.0
    for _ in range(rounds):
        started = perf_counter()
        count = work()
        best = max(best, count / (perf_counter() - started))
    return best
