"""How benchmarks report: one JSON line per figure on stdout, progress on stderr
(docs/style.md, "Benchmarks")."""

import json
import sys
from collections.abc import Callable, Sequence
from time import perf_counter


def _significant(value: float, digits: int = 4) -> float:
    return float(f"{value:.{digits}g}")


def figure(
    bench: str, value: float, unit: str, floor: str, floor_value: float, **detail: object
) -> None:
    """Print one figure as a JSON line.

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


def progress(message: str) -> None:
    """A note for the person watching; stderr, so stdout stays JSON lines only."""
    print(f"# {message}", file=sys.stderr, flush=True)


def interleaved_rates(
    works: Sequence[Callable[[int], int]], slices: int, skip: int = 0
) -> list[float]:
    """Operations per second of each of `works`, run in turn slice by slice.

    `work(k)` does slice k of its job and returns how many operations it did. Each slice
    runs every work once, in an order that alternates from slice to slice, so a benchmark
    and its floor share the same moments of a noisy machine and their ratio holds even when
    the machine's speed does not. Slices below `skip` warm caches up and are not counted.
    """
    counts = [0] * len(works)
    seconds = [0.0] * len(works)
    for k in range(slices):
        order = range(len(works)) if k % 2 == 0 else reversed(range(len(works)))
        for position in order:
            started = perf_counter()
            count = works[position](k)
            elapsed = perf_counter() - started
            if k >= skip:
                counts[position] += count
                seconds[position] += elapsed
    return [count / elapsed for count, elapsed in zip(counts, seconds, strict=True)]
