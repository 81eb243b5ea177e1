"""The generated config.toml shows every key with its default, and limits that cannot work
are refused when the configuration is read (node/config.py)."""

import dataclasses
import tomllib
from pathlib import Path

import pytest

from cunzheng.node.config import (
    DEFAULT_CONFIG_TEXT,
    ApiSection,
    ConfigError,
    NodeConfig,
    P2PSection,
    load_config,
)


def test_the_commented_defaults_are_every_key_with_its_default_value() -> None:
    written = tomllib.loads(DEFAULT_CONFIG_TEXT)
    defaults = NodeConfig()
    for section in dataclasses.fields(NodeConfig):
        values = getattr(defaults, section.name)
        expected = {f.name: getattr(values, f.name) for f in dataclasses.fields(values)}
        assert written[section.name] == expected, f"[{section.name}] of DEFAULT_CONFIG_TEXT"


@pytest.mark.parametrize(
    ("section", "values", "message"),
    [
        (P2PSection, {"send_queue_bytes": 1024}, "send_queue_bytes must hold one message"),
        (P2PSection, {"handshake_timeout_s": 0}, "handshake_timeout_s must be at least 1"),
        (P2PSection, {"max_handshake_bytes": 0}, "max_handshake_bytes must be at least 1"),
        (ApiSection, {"page_items": 0}, "page_items must be at least 1"),
        (ApiSection, {"block_answers": 0}, "block_answers must be at least 1"),
    ],
)
def test_limits_that_cannot_work_are_refused(
    section: type, values: dict[str, int], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        section(**values)


def test_a_refused_limit_names_the_file_and_section(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[p2p]\nsend_timeout_s = 0\n", "utf-8")
    with pytest.raises(
        ConfigError, match=r"config.toml \[p2p\]\.send_timeout_s must be at least 1"
    ):
        load_config(path, {})
