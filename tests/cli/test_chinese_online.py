"""Every command that talks to a node, in Chinese, against the fake nodes the other tests use
(tests/support/fake_node.py; the threaded one of tests/support/store_node.py): through its main
paths and main failures, every line it prints is Chinese, and statuses are words (待上链),
never codes (pending)."""

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from click.testing import Result

from cunzheng.ledger.keys import write_key_file
from tests.support.chain_factory import Chain, build_chain, notary_keys, sample_entry
from tests.support.chinese import in_chinese, in_english
from tests.support.fake_node import FakeNode
from tests.support.store_node import StoreNode as BlockServer
from tests.support.store_node import serving


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    built = build_chain(tmp_path / "store", [])
    yield built
    built.close()


@pytest.fixture
async def node(aiohttp_server: Any, chain: Chain) -> AsyncIterator[tuple[FakeNode, str]]:
    fake = FakeNode(chain, notary_keys(1)[0])
    server: TestServer = await aiohttp_server(fake.app())
    yield fake, str(server.make_url("")).rstrip("/")


async def chinese(*args: str | Path, exit_code: int = 0) -> Result:
    """in_chinese in a worker thread, so the fake node keeps serving on this loop."""
    return await asyncio.to_thread(lambda: in_chinese(*args, exit_code=exit_code))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_submit_and_proof_in_chinese(node: tuple[FakeNode, str], tmp_path: Path) -> None:
    fake, url = node
    evidence = tmp_path / "聊天记录.zip"
    evidence.write_bytes(b"chat")
    sent = await chinese("submit", "--node", url, evidence)
    assert "  待上链     " in sent.output and "pending" not in sent.output
    assert "回执：账本“cunzheng-test”的节点 " in sent.output
    waited = await chinese("submit", "--node", url, evidence, "--wait", "--out", tmp_path)
    assert "  第 1 号区块  " in waited.output
    entry_id = json.loads((tmp_path / "聊天记录.zip.cunzheng.json").read_text("utf-8"))["id"]
    proof = await chinese("proof", "--node", url, entry_id, "--out", tmp_path / "p.json")
    assert proof.output.startswith("证明文件已保存到 ")
    await chinese("proof", "--node", url, "ab" * 32, "--out", tmp_path / "q.json", exit_code=1)
    pending = sample_entry(5)
    fake.pending[pending.leaf_hash()] = pending
    waiting = ("proof", "--node", url, pending.leaf_hash().hex(), "--out", tmp_path / "r.json")
    assert "尚未上链" in (await chinese(*waiting, exit_code=1)).output
    await chinese("proof", "--node", url, "不是编号", "--out", tmp_path / "s.json", exit_code=2)
    await chinese("submit", "--node", url, "--digest", "zz", exit_code=2)
    await chinese("submit", "--node", url, exit_code=2)
    await chinese("submit", "--node", url, tmp_path, exit_code=2)


async def test_submit_failures_in_chinese(node: tuple[FakeNode, str], tmp_path: Path) -> None:
    fake, url = node
    evidence = tmp_path / "证据.txt"
    evidence.write_bytes(b"evidence")
    fake.polls_before_commit = 1000
    late = await chinese("submit", "--node", url, evidence, "--wait", "--timeout", "0", exit_code=1)
    assert "秒内未上链" in late.output
    as_json = ("submit", "--node", url, evidence, "--wait", "--timeout", "0", "--json")
    document = json.loads((await asyncio.to_thread(in_english, *as_json, "--lang", "zh")).stdout)
    assert document["entries"][0]["status"] == "pending"
    assert document["entries"][0]["error"].startswith("not committed within 0 s;")
    fake.receipt_key = notary_keys(2)[1]
    await chinese("submit", "--node", url, evidence, exit_code=1)
    unreachable = f"http://127.0.0.1:{closed_port()}"
    refused = await chinese("submit", "--node", unreachable, evidence, exit_code=1)
    assert "原因：连接被拒绝。" in refused.output


async def test_status_in_chinese(node: tuple[FakeNode, str]) -> None:
    fake, url = node
    fake.chain.commit_block([sample_entry(0)])
    shown = (await chinese("status", "--node", url)).output
    assert "公证节点（1）" in shown and "账本标识" in shown
    assert "validator" not in shown.replace("validators_hash", "")


async def test_governance_in_chinese(node: tuple[FakeNode, str], tmp_path: Path) -> None:
    _, url = node
    key_file = tmp_path / "node_key.json"
    write_key_file(key_file, notary_keys(1)[0])
    vkey = write_key_file(tmp_path / "notary-b.json", notary_keys(2)[1])
    proposal = tmp_path / "增加.json"
    written = await chinese(
        "governance", "propose", "add", "notary-b", "--vkey", vkey, "--node", url, "--out", proposal
    )
    assert "增加公证节点 notary-b" in written.output
    propose_again = ("governance", "propose", "add", "notary-b", "--vkey", vkey)
    await chinese(*propose_again, "--node", url, "--out", proposal, exit_code=1)
    await chinese("governance", "propose", "power", "notary-z", "--power", "2", "--node", url,
                  "--out", tmp_path / "z.json", exit_code=1)  # fmt: skip
    await chinese("governance", "submit", proposal, "--node", url, exit_code=1)  # unsigned
    signed = await chinese("governance", "sign", proposal, "--key", key_file, "--node", url)
    assert "签名已足够" in signed.output
    await chinese("governance", "sign", proposal, "--key", tmp_path / "notary-b.json",
                  "--node", url, exit_code=1)  # fmt: skip
    submitted = await chinese("governance", "submit", proposal, "--node", url, "--wait")
    assert "已安排生效" in submitted.output or "没有生效" in submitted.output
    shown = (await chinese("governance", "show", "--node", url)).output
    assert "起始区块" in shown and "创世文件" in shown


def test_refresh_and_export_in_chinese(tmp_path: Path) -> None:
    chain = build_chain(tmp_path / "store", [[sample_entry(0), sample_entry(1)]], validators=4)
    try:
        bundle = tmp_path / "证明.cunzheng.json"
        bundle.write_text(json.dumps(chain.bundle(sample_entry(0))), "utf-8")
        genesis = tmp_path / "genesis.json"
        genesis.write_text(chain.genesis.to_file_text(), "utf-8")
        for number in range(2, 6):
            chain.commit_block([sample_entry(number)])
        with serving(BlockServer(chain.store)) as url:
            refreshed = in_chinese("refresh", bundle, "--node", url, "--genesis", genesis)
            assert "已更新：记录所在的账本（共 2 条）" in refreshed.output
            in_chinese("refresh", genesis, "--node", url, exit_code=1)
            exported = in_chinese(
                "export", "--node", url, "--genesis", genesis, "--out", tmp_path / "包"
            )
            assert "已将账本“cunzheng-test”的第 1 至第 5 号区块" in exported.output
            in_chinese("export", "--node", url, "--genesis", genesis, "--out", tmp_path / "包",
                       exit_code=1)  # fmt: skip
            audited = in_chinese("audit", "--package", tmp_path / "包", "--node", url)
            assert "审计包 " in audited.output and "节点 " in audited.output
        with serving(BlockServer(chain.store, announce=9)) as url:
            short = in_chinese("audit", "--node", url, "--genesis", genesis, exit_code=1)
            assert "节点宣称区块高度为 9，却只提供到第 5 号区块" in short.output
    finally:
        chain.close()


def test_backup_in_chinese(tmp_path: Path) -> None:
    unreachable = f"http://127.0.0.1:{closed_port()}"
    out = tmp_path / "备份.tar.gz"
    in_chinese("backup", "--node", unreachable, "--out", out, exit_code=1)
    out.write_bytes(b"")
    in_chinese("backup", "--node", unreachable, "--out", out, exit_code=1)
