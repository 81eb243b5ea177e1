"""deploy/prometheus/: the scrape configuration and alert rules are valid for promtool, every
alert has a unit test that makes it fire, and every metric a rule names is one a running node
exports, each with a real value.

promtool comes with Debian's `prometheus` package; without it, the promtool checks are
skipped and the rules are still read as YAML and checked against a running node.
"""

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # PyYAML, a test dependency through schemathesis
from prometheus_client.parser import text_string_to_metric_families

from tests.support.processes import REPO, start_node, stop, wait_ready, write_homes

PROMETHEUS = REPO / "deploy" / "prometheus"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool is not installed (Debian: apt-get install prometheus)"
)
PROMETHEUS_OWN = {"up"}  # written by Prometheus for each target, not by the node
# Exported by the consensus clock's offset estimate, which another change of the node adds;
# until it is there, a node exports every other metric the rules name.
EXPECTED_FROM_ELSEWHERE = {"cunzheng_clock_offset_seconds"}


def alert_rules() -> list[dict[str, Any]]:
    """The rules of alerts.yml, every group's."""
    document = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text("utf-8"))
    return [rule for group in document["groups"] for rule in group["rules"]]


def metrics_named(expression: str) -> set[str]:
    """The metric names in a PromQL expression: ours (cunzheng_*) and Prometheus' `up`."""
    return set(re.findall(r"\b(cunzheng_[a-z_]+|up)\b(?!\s*\()", expression))


def promtool(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run(
        [PROMTOOL, *map(str, arguments)],
        cwd=PROMETHEUS,
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_promtool
def test_promtool_accepts_the_configuration_and_the_rules() -> None:
    config = promtool("check", "config", "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr
    assert "SUCCESS: 1 rule files found" in config.stdout
    rules = promtool("check", "rules", "alerts.yml")
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert f"SUCCESS: {len(alert_rules())} rules found" in rules.stdout


@needs_promtool
def test_each_alert_fires_in_the_unit_tests() -> None:
    tested = promtool("test", "rules", "alerts.test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def test_every_alert_is_made_to_fire_by_a_unit_test() -> None:
    document = yaml.safe_load((PROMETHEUS / "alerts.test.yml").read_text("utf-8"))
    firing = {
        case["alertname"]
        for test in document["tests"]
        for case in test["alert_rule_test"]
        if case["exp_alerts"]
    }
    assert firing == {rule["alert"] for rule in alert_rules()}


def test_every_rule_says_how_bad_and_what_to_do() -> None:
    for rule in alert_rules():
        assert rule["labels"]["severity"] in ("warning", "critical"), rule["alert"]
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        assert metrics_named(rule["expr"]), rule["alert"]


def exported_samples(url: str) -> dict[str, list[float]]:
    """Sample name → values, from a node's GET /metrics."""
    with urllib.request.urlopen(f"{url}/metrics", timeout=5) as response:
        text = response.read().decode("utf-8")
    samples: dict[str, list[float]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append(sample.value)
    return samples


def test_every_metric_the_rules_name_is_exported_by_a_running_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, homes, urls = write_homes(tmp_path, 1)
    # A TSA that refuses connections: the node counts its failed requests from the start.
    monkeypatch.setenv("CUNZHENG_TIME_TSA_URLS", "http://127.0.0.1:9/tsa")
    node = start_node(homes[0])
    try:
        wait_ready(urls[0], node)
        deadline = time.monotonic() + 30
        samples = exported_samples(urls[0])
        while "cunzheng_store_bytes" not in samples and time.monotonic() < deadline:
            time.sleep(0.2)  # the first disk sample is taken in a worker thread at start
            samples = exported_samples(urls[0])
    finally:
        stop(node)
    named = set().union(*(metrics_named(rule["expr"]) for rule in alert_rules()))
    assert named - set(samples) - PROMETHEUS_OWN <= EXPECTED_FROM_ELSEWHERE
    assert samples["cunzheng_store_bytes"][0] > 0
    assert 0 < samples["cunzheng_disk_free_bytes"][0] <= samples["cunzheng_disk_size_bytes"][0]
    assert samples["cunzheng_voting_power_total"] == [1.0]
    assert samples["cunzheng_mempool_capacity"][0] > 0
    assert len(samples["cunzheng_tsa_requests_total"]) == 2  # stamped and failed, from 0
