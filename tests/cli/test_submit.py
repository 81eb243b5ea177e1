"""`cunzheng submit`, `proof` and `status` against a fake node on a random loopback port."""

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from click.testing import CliRunner, Result

from cunzheng.cli.main import main
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.keys import ENTRY_SIGNATURE_TAG, NodeKey, verify_signature
from tests.support.chain_factory import Chain, build_chain, notary_keys, sample_entry
from tests.support.cli_runner import run_cunzheng
from tests.support.fake_node import Bundle, FakeNode

ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


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


async def cunzheng(*args: str | Path) -> Result:
    """Run the command in a worker thread, so the fake node keeps serving on this loop."""
    runner = CliRunner()
    return await asyncio.to_thread(runner.invoke, main, [str(a) for a in args], env=ENGLISH)


def evidence_file(directory: Path, name: str, data: bytes) -> tuple[Path, str]:
    """Write an evidence file; return it and the id its unsigned SHA-256 entry gets."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(data)
    return path, Entry(sha256(data).digest()).leaf_hash().hex()


async def test_submit_prints_ids_and_checks_the_receipt(
    node: tuple[FakeNode, str], tmp_path: Path
) -> None:
    fake, url = node
    path, entry_id = evidence_file(tmp_path, "chat.zip", b"chat")
    result = await cunzheng("submit", "--node", url, path)
    assert result.exit_code == 0, result.output
    assert f"{entry_id}  pending    {path}" in result.stdout
    accepted = "accepted 1 entry at 2026-11-23T15:04:05.000Z by its own clock; its signature"
    assert accepted in result.stdout
    assert f"cunzheng proof --node {url} ID --out FILE" in result.stdout
    digest = sha256(b"chat").hexdigest()
    assert fake.batches == [[{"digest": digest, "alg": "sha256", "kind": "", "meta": {}}]]


async def test_wait_saves_checked_bundles_beside_each_file(
    node: tuple[FakeNode, str], tmp_path: Path
) -> None:
    fake, url = node
    fake.polls_before_commit = 3
    chat, chat_id = evidence_file(tmp_path / "a", "chat.zip", b"chat")
    voice, voice_id = evidence_file(tmp_path / "b", "voice.m4a", b"voice")
    result = await cunzheng("submit", "--node", url, "--wait", chat, voice)
    assert result.exit_code == 0, result.output
    assert fake.polls >= 3
    assert (
        f"{chat_id}  block 1  {chat} -> {tmp_path / 'a' / 'chat.zip.cunzheng.json'}"
        in result.stdout
    )
    saved = tmp_path / "b" / "voice.m4a.cunzheng.json"
    assert json.loads(saved.read_text(encoding="utf-8"))["id"] == voice_id
    genesis = tmp_path / "genesis.json"
    genesis.write_text(fake.chain.genesis.to_file_text(), encoding="utf-8")
    check = await cunzheng("verify", saved, "--genesis", genesis, "--file", voice, "--quiet")
    assert check.exit_code == 0, check.output
    assert '(file "voice.m4a") existed unaltered' in check.stdout


async def test_more_than_1000_entries_go_in_several_requests(node: tuple[FakeNode, str]) -> None:
    fake, url = node
    digests = [sha256(str(n).encode()).hexdigest() for n in range(1001)]
    args = [arg for digest in digests for arg in ("--digest", digest)]
    result = await cunzheng("submit", "--node", url, *args)
    assert result.exit_code == 0, result.output
    assert [len(batch) for batch in fake.batches] == [1000, 1]
    assert [item["digest"] for batch in fake.batches for item in batch] == digests
    assert result.stdout.count("its signature verifies") == 2


async def test_wait_refuses_a_bundle_that_does_not_verify(
    node: tuple[FakeNode, str], tmp_path: Path
) -> None:
    fake, url = node

    def flip_inclusion_hash(bundle: Bundle) -> None:
        bundle["inclusion"]["root_hash"] = "00" * 32

    fake.mutate_bundle = flip_inclusion_hash
    path, _ = evidence_file(tmp_path, "chat.zip", b"chat")
    result = await cunzheng("submit", "--node", url, "--wait", path)
    assert result.exit_code == 1
    assert "that does not verify: inclusion root_hash is not the signed header's" in result.stderr
    assert "nothing was saved" in result.stderr
    assert not (tmp_path / "chat.zip.cunzheng.json").exists()


async def test_forged_receipt_is_refused(node: tuple[FakeNode, str], tmp_path: Path) -> None:
    fake, url = node
    fake.receipt_key = NodeKey.from_seed("impostor", bytes(32))
    path, _ = evidence_file(tmp_path, "chat.zip", b"chat")
    result = await cunzheng("submit", "--node", url, path)
    assert result.exit_code == 1
    assert "did not answer with results and a valid signed receipt" in result.stderr


async def test_busy_node_is_retried_after_retry_after(
    node: tuple[FakeNode, str], tmp_path: Path
) -> None:
    fake, url = node
    fake.busy_answers = 2
    path, entry_id = evidence_file(tmp_path, "chat.zip", b"chat")
    result = await cunzheng("submit", "--node", url, path)
    assert result.exit_code == 0, result.output
    assert (fake.busy_answers, len(fake.batches)) == (0, 1)
    assert entry_id in result.stdout


async def test_wait_gives_up_after_the_timeout_saying_how_to_fetch_later(
    node: tuple[FakeNode, str], tmp_path: Path
) -> None:
    fake, url = node
    fake.polls_before_commit = 10**9
    path, entry_id = evidence_file(tmp_path, "chat.zip", b"chat")
    result = await cunzheng("submit", "--node", url, "--wait", "--timeout", "0.3", path)
    assert result.exit_code == 1
    assert "not committed within 0.3 s" in result.stderr
    assert f"cunzheng proof --node {url} {entry_id} --out FILE" in result.stderr


async def test_key_signs_entries_as_submitter(node: tuple[FakeNode, str], tmp_path: Path) -> None:
    fake, url = node
    key_path = tmp_path / "litigant.key"
    assert (await cunzheng("keygen", "--name", "litigant", "--out", key_path)).exit_code == 0
    path, _ = evidence_file(tmp_path, "chat.zip", b"chat")
    result = await cunzheng(
        "submit",
        "--node",
        url,
        "--key",
        key_path,
        "--kind",
        "chat-export",
        "--meta",
        "case=2026-沪-0001",
        path,
    )
    assert result.exit_code == 0, result.output
    sent = Entry.from_json(fake.batches[0][0])
    assert (sent.kind, sent.meta) == ("chat-export", {"case": "2026-沪-0001"})
    assert sent.submitter is not None and sent.signature is not None
    verify_signature(sent.submitter, ENTRY_SIGNATURE_TAG, sent.signed_payload(), sent.signature)


async def test_a_saved_bundle_of_another_record_is_left_alone(
    node: tuple[FakeNode, str], tmp_path: Path
) -> None:
    _fake, url = node
    path, _ = evidence_file(tmp_path, "chat.zip", b"chat, edited later")
    earlier = tmp_path / "chat.zip.cunzheng.json"
    earlier.write_text(json.dumps({"id": "11" * 32}), encoding="utf-8")
    result = await cunzheng("submit", "--node", url, "--wait", path)
    assert result.exit_code == 1
    assert "is not the proof of entry" in result.stderr
    assert json.loads(earlier.read_text(encoding="utf-8")) == {"id": "11" * 32}


async def test_json_output(node: tuple[FakeNode, str], tmp_path: Path) -> None:
    _fake, url = node
    path, entry_id = evidence_file(tmp_path, "chat.zip", b"chat")
    out = tmp_path / "proofs"
    result = await cunzheng("submit", "--node", url, "--wait", "--out", out, "--json", path)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"node", "receipts", "entries"}
    assert document["receipts"][0]["ids"] == [entry_id]
    (entry,) = document["entries"]
    assert entry == {
        "id": entry_id,
        "alg": "sha256",
        "digest": sha256(b"chat").hexdigest(),
        "sources": [str(path)],
        "status": "committed",
        "height": 1,
        "leaf_index": 0,
        "bundles": [str(out / "chat.zip.cunzheng.json")],
        "error": None,
    }


def test_unreachable_node_is_named_by_the_real_executable(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port that nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path, _ = evidence_file(tmp_path, "chat.zip", b"chat")
    result = run_cunzheng("submit", "--node", f"http://127.0.0.1:{port}", path)
    assert result.returncode == 1
    assert f"cannot reach node at http://127.0.0.1:{port}: " in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give either FILE… to hash, or --digest HEX"),
        (["--digest", "zz"], "'zz' is not hex"),
        (["--digest", "ab" * 31], "digest must be 32 bytes"),
        (["--digest", "ab" * 32, "--alg", "sha512"], "digest must be 64 bytes"),
        (["--digest", "ab" * 32, "--out", "proofs"], "add --wait"),
        (["--digest", "ab" * 32, "--meta", "novalue"], "must be KEY=VALUE"),
        (["--node", "localhost:7700", "--digest", "ab" * 32], "is not a node URL"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    full = args if "--node" in args else ["--node", "http://127.0.0.1:9", *args]
    result = CliRunner().invoke(main, ["submit", *full])
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_two_files_saving_to_one_bundle_path_is_a_usage_error(tmp_path: Path) -> None:
    first, _ = evidence_file(tmp_path / "a", "chat.zip", b"one")
    second, _ = evidence_file(tmp_path / "b", "chat.zip", b"two")
    args = [
        "submit",
        "--node",
        "http://127.0.0.1:9",
        "--wait",
        "--out",
        str(tmp_path),
        str(first),
        str(second),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "would both save their proof to" in result.stderr


async def test_proof_fetches_checks_and_saves(node: tuple[FakeNode, str], tmp_path: Path) -> None:
    fake, url = node
    entry = sample_entry(7)
    fake.chain.commit_block([entry])
    out = tmp_path / "proof.json"
    result = await cunzheng("proof", "--node", url, entry.leaf_hash().hex(), "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Proof bundle saved to {out}\nVALID, BUT THE NOTARIES ARE")
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == entry.leaf_hash().hex()
    genesis = tmp_path / "genesis.json"
    genesis.write_text(fake.chain.genesis.to_file_text(), encoding="utf-8")
    trusted = await cunzheng(
        "proof",
        "--node",
        url,
        entry.leaf_hash().hex(),
        "--out",
        out,
        "--genesis",
        genesis,
        "--lang",
        "zh",
    )
    assert trusted.exit_code == 0, trusted.output
    assert trusted.stdout.splitlines()[1].startswith("有效：SHA-256 摘要（哈希值）为 ")


async def test_proof_of_unknown_pending_or_substituted_entries(
    node: tuple[FakeNode, str], tmp_path: Path
) -> None:
    fake, url = node
    out = tmp_path / "proof.json"
    unknown = await cunzheng("proof", "--node", url, "ab" * 32, "--out", out)
    assert (unknown.exit_code, "does not know entry" in unknown.stderr) == (1, True)
    pending = sample_entry(1)
    fake.pending[pending.leaf_hash()] = pending
    waiting = await cunzheng("proof", "--node", url, pending.leaf_hash().hex(), "--out", out)
    assert (waiting.exit_code, "is not committed yet" in waiting.stderr) == (1, True)
    asked, other = sample_entry(2), sample_entry(3)
    fake.chain.commit_block([asked, other])
    other_bundle = fake.chain.bundle(other)
    fake.mutate_bundle = lambda bundle: bundle.update(other_bundle)
    swapped = await cunzheng("proof", "--node", url, asked.leaf_hash().hex(), "--out", out)
    assert swapped.exit_code == 1
    assert f"served the proof of entry {other.leaf_hash().hex()}" in swapped.stderr
    assert not out.exists()
    malformed = await cunzheng("proof", "--node", url, "not-an-id", "--out", out)
    assert malformed.exit_code == 2


async def test_status_shows_tables_and_json(node: tuple[FakeNode, str]) -> None:
    fake, url = node
    fake.chain.commit_block([sample_entry(0)])
    table = await cunzheng("status", "--node", url)
    assert table.exit_code == 0, table.output
    assert "cunzheng-test" in table.stdout
    assert "validators (1)" in table.stdout
    assert "notary-a" in table.stdout
    assert "2026-11-23T15:04:06.000Z" in table.stdout  # latest block time, readable
    raw = await cunzheng("status", "--node", url, "--json")
    document = json.loads(raw.stdout)
    assert (document["chain_id"], document["height"], document["ledger_size"]) == (
        "cunzheng-test",
        1,
        1,
    )


@pytest.mark.parametrize(
    "option", [("--meta", "z=\x1b[2J VALID"), ("--meta", "a\nb=1"), ("--kind", "txt.\u202eexe")]
)
def test_control_characters_in_kind_or_meta_are_refused_before_sending(
    option: tuple[str, str],
) -> None:
    # The node would refuse them (docs/formats.md, "Plain text"); nothing is sent: no node
    # listens at this address.
    arguments = ["submit", "--node", "http://127.0.0.1:9", "--digest", "ab" * 32, *option]
    result = CliRunner().invoke(main, [*arguments, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "holds a control character" in result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
