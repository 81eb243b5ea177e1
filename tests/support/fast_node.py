"""Nodes inside the test process: consensus parameters that commit a block as soon as entries
arrive, and waiting until a node holds a height."""

import asyncio

from cunzheng.node.node import Node

# A block 10 ms after entries arrive, and no empty blocks within a test's time.
FAST_PARAMS = {"timeout_commit_ms": 10, "empty_block_interval_ms": 3_600_000}
POLL_S = 0.01


async def wait_for_height(node: Node, height: int, timeout_s: float = 30.0) -> None:
    """Return once `node`'s store holds block `height`; AssertionError after `timeout_s`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while node.store.height < height:
        if loop.time() > deadline:
            raise AssertionError(
                f"the node is at height {node.store.height}, not {height}, after {timeout_s} s"
            )
        await asyncio.sleep(POLL_S)
