"""GET /metrics of a lone node: the levels read at scrape time (mempool capacity, voting
power) and the disk gauges from the sampler, which appear only once there is a sample."""

import asyncio
from typing import Any

from aiohttp.test_utils import TestClient
from prometheus_client.parser import text_string_to_metric_families

from cunzheng.node.config import NodeConfig
from cunzheng.node.node import Node


async def scraped(api: TestClient[Any, Any]) -> dict[str, float]:
    """Every sample of GET /metrics: name{labels} → value, parsed by prometheus_client."""
    response = await api.get("/metrics")
    assert response.status == 200
    samples = {}
    for family in text_string_to_metric_families(await response.text()):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


async def test_capacity_and_voting_power_are_read_at_scrape_time(
    api: TestClient[Any, Any], lone_node: Node
) -> None:
    samples = await scraped(api)
    assert samples["cunzheng_mempool_capacity"] == NodeConfig().mempool.capacity
    # A lone validator is its own quorum: all the power, connected.
    assert samples["cunzheng_voting_power_connected"] == 1
    assert samples["cunzheng_voting_power_total"] == 1
    assert not any(name.startswith("cunzheng_tsa_requests") for name in samples)


async def test_the_disk_gauges_come_from_the_data_directory_once_sampled(
    api: TestClient[Any, Any], lone_node: Node
) -> None:
    assert "cunzheng_store_bytes" not in await scraped(api)  # no sample yet: no made-up 0
    lone_node.disk.start()
    try:
        for _ in range(500):
            if lone_node.disk.latest is not None:
                break
            await asyncio.sleep(0.01)
        samples = await scraped(api)
    finally:
        await lone_node.disk.stop()
    usage = lone_node.disk.latest
    assert usage is not None
    # The store's write-ahead log and tables, the signing guard, the pending set: not 0,
    # as LevelDB's estimate is until the first compaction.
    assert samples["cunzheng_store_bytes"] == usage.store_bytes > 0
    assert samples["cunzheng_disk_size_bytes"] == usage.size_bytes
    assert 0 < samples["cunzheng_disk_free_bytes"] == usage.free_bytes <= usage.size_bytes
