"""The memory Debian's chromium uses, as the operating system counts it, for the benchmarks
and the page's tests of hashing with bounded memory (docs/web-page.md, "Benchmark").

The proportional set size (PSS, /proc/<pid>/smaps_rollup) summed over every chromium process
descending from this one: the browser, its renderers and GPU process, and the workers'
threads within them. PSS counts shared pages once. The performance.measureUserAgentSpecificMemory
API would need a cross-origin-isolated page, which the node's page is not, and the CDP heap
metrics miss ArrayBuffers and WebAssembly memory. Linux only.
"""

import os
from pathlib import Path


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, command name), from /proc/<pid>/stat."""
    found: dict[int, tuple[int, str]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue  # it ended meanwhile
        name_end = stat.rindex(")")  # the name may hold spaces and parentheses
        parent = int(stat[name_end + 2 :].split()[1])
        found[int(entry.name)] = (parent, stat[stat.index("(") + 1 : name_end])
    return found


def chromium_pss() -> int:
    """Bytes of PSS summed over every chromium process descending from this one."""
    processes = _processes()
    mine = {os.getpid()}
    while True:  # a child's pid may be below its parent's: grow the set to a fixpoint
        found = {pid for pid, (parent, _) in processes.items() if parent in mine} - mine
        if not found:
            break
        mine |= found
    total = 0
    for pid in mine:
        if "chrom" not in processes.get(pid, (0, ""))[1]:
            continue
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(
            int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:")
        )
    return total
