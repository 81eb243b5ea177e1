"""`cunzheng verify` through the installed executable: verdicts, reasons and exit codes."""

import json
from collections.abc import Callable
from dataclasses import replace
from hashlib import sha256
from typing import Any

import pytest

from cunzheng.ledger.block import Header
from cunzheng.ledger.certificate_number import certificate_number
from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.hashing import leaf_hash
from tests.support.chain_factory import make_genesis, notary_keys
from tests.support.cli_runner import run_cunzheng
from tests.support.verify_evidence import Evidence

Bundle = dict[str, Any]
SIGNERS_EN = "notary-a, notary-b, notary-c"


def expected_sentence_en(evidence: Evidence, file_part: str = "") -> str:
    # Block 2 of the evidence chain: genesis time + 2 s = 2026-11-23 15:04:07 UTC, plus
    # MSGDELAY 2000 + PRECISION 500 + 250 ms (docs/time.md), stated rounded up to the second;
    # the file is leaf 4 (entry 5) of 9; notaries a, b, c of 4 signed.
    return (
        f"VALID: the record with SHA-256 digest {evidence.file_entry.digest.hex()}{file_part} "
        "existed unaltered no later than 2026-11-23 15:04:10 UTC (Beijing time 23:04:10), "
        'recorded in block 2 of ledger "cunzheng-test" as entry 5 of 9, signed by 3 of 4 '
        f"notaries: {SIGNERS_EN}."
    )


def test_valid_bundle_with_genesis_exits_0_with_the_sentence(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("valid", evidence.bundles["file"])
    result = run_cunzheng("verify", bundle, "--genesis", evidence.genesis_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == expected_sentence_en(evidence)
    assert "Details:" in lines
    details = {line[:32].strip(): line[32:] for line in lines if line.startswith("  ")}
    assert details["entry id"] == evidence.file_entry.leaf_hash().hex()
    number = certificate_number(evidence.file_entry.leaf_hash())
    assert details["certificate number"] == number
    assert details["block time, proposer's clock"].startswith("2026-11-23T15:04:07.000Z")
    assert details["existed no later than"].startswith("2026-11-23T15:04:09.750Z")
    assert "leaf index 4 in a ledger of 9 entries" in result.stdout
    assert "notary-a (key hash " in result.stdout
    assert evidence.genesis.hash().hex() in result.stdout


def test_valid_bundle_in_chinese_by_option_and_by_lang(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("valid-zh", evidence.bundles["file"])
    expected = (
        f"有效：SHA-256 摘要（哈希值）为 {evidence.file_entry.digest.hex()} 的记录（文件"
        "“chat.zip”）最迟于 2026年11月23日 23:04:10（北京时间；协调世界时 2026-11-23 15:04:10）"
        "已存在且未被篡改，记录于账本“cunzheng-test”第 2 号区块，为第 5 条（账本共 9 条），"
        "由 4 个公证节点中的 3 个签名：notary-a、notary-b、notary-c。"
    )
    args = ("verify", bundle, "--genesis", evidence.genesis_path, "--file", evidence.file_path)
    by_option = run_cunzheng(*args, "--lang", "zh")
    by_lang = run_cunzheng(*args, "--quiet", lang="zh_CN.UTF-8")
    assert (by_option.returncode, by_lang.returncode) == (0, 0)
    assert by_option.stdout.splitlines()[0] == expected
    assert "详细信息：" in by_option.stdout
    assert by_lang.stdout == expected + "\n"
    assert run_cunzheng(*args, "--lang", "en", lang="zh_CN.UTF-8").stdout.startswith("VALID: ")


def test_without_trusted_genesis_exits_3_and_prints_the_genesis_hash(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("untrusted", evidence.bundles["file"])
    result = run_cunzheng("verify", bundle, "--quiet")
    assert result.returncode == 3, result.stderr
    first, advice = result.stdout.splitlines()
    assert first.startswith("VALID, BUT THE NOTARIES ARE UNCONFIRMED: the record with SHA-256")
    assert first.endswith(f"signed by 3 of 4 notaries named by the bundle itself: {SIGNERS_EN}.")
    assert "No trusted genesis was given" in advice
    assert (
        f"the genesis file the bundle carries, whose hash is {evidence.genesis.hash().hex()}"
        in advice
    )


def test_trusted_keys_replace_the_genesis(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("trusted-keys", evidence.bundles["file"])
    vkeys = [v.vkey() for v in evidence.genesis.validator_set.validators]
    vkey_file = evidence.directory / "notary-c.vkey"
    vkey_file.write_text(vkeys[2] + "\n", encoding="utf-8")
    enough = run_cunzheng(
        "verify", bundle, "--quiet", "--trust", vkeys[0], "--trust", vkeys[1], "--trust", vkey_file
    )
    assert enough.returncode == 0, enough.stdout + enough.stderr
    too_few = run_cunzheng("verify", bundle, "--quiet", "--trust", vkeys[0])
    assert too_few.returncode == 1
    assert too_few.stdout.startswith("INVALID: the notaries whose keys you trust do not hold")
    assert "more than 2/3 of the consortium's power must come from keys you trust" in too_few.stdout
    malformed = run_cunzheng("verify", bundle, "--trust", "notary-a+nothex+AAAA")
    assert malformed.returncode == 2
    assert "Invalid value for --trust" in malformed.stderr


def _retamper_entry(bundle: Bundle) -> None:
    # Claim another digest and keep the bundle self-consistent: only the proof can object.
    entry = Entry(sha256(b"a different file").digest())
    bundle["leaf"], bundle["entry"] = entry.encode().hex(), entry.to_json()
    bundle["id"] = leaf_hash(entry.encode()).hex()


def _flip_leaf_byte(bundle: Bundle) -> None:
    leaf = bytearray.fromhex(bundle["leaf"])
    leaf[5] ^= 0x01  # inside the digest, so the leaf still decodes
    bundle["leaf"] = leaf.hex()


def _flip_inclusion_hash(bundle: Bundle) -> None:
    first = bytearray.fromhex(bundle["inclusion"]["hashes"][0])
    first[-1] ^= 0x01
    bundle["inclusion"]["hashes"][0] = first.hex()


def _swap_checkpoint_signatures(bundle: Bundle) -> None:
    note = SignedCheckpoint.parse(bundle["checkpoint"])
    first, second, *rest = note.signatures
    swapped = (
        replace(first, signature=second.signature),
        replace(second, signature=first.signature),
    )
    bundle["checkpoint"] = replace(note, signatures=(*swapped, *rest)).text()


def _backdate_header(bundle: Bundle) -> None:
    header = Header.decode(bytes.fromhex(bundle["header_bytes"]))
    edited = replace(header, time_ms=header.time_ms - 86_400_000)
    bundle["header"], bundle["header_bytes"] = edited.to_json(), edited.encode().hex()


@pytest.mark.parametrize(
    ("mutate", "reason", "words", "detail"),
    [
        (
            _retamper_entry,
            "inclusion_invalid",
            "the inclusion proof does not lead to the ledger root",
            "yields root",
        ),
        (
            _flip_leaf_byte,
            "malformed_bundle",
            "the proof bundle is malformed",
            "entry fields differ from its leaf",
        ),
        (
            _flip_inclusion_hash,
            "inclusion_invalid",
            "the inclusion proof does not lead to the ledger root",
            "tree_size=9",
        ),
        (
            _swap_checkpoint_signatures,
            "checkpoint_invalid",
            "the checkpoint the notaries signed does not verify",
            "of known key notary-a",
        ),
        (
            _backdate_header,
            "commit_invalid",
            "the notaries' commit of the block does not verify",
            "commit is for",
        ),
    ],
    ids=[
        "tampered-leaf",
        "flipped-leaf-byte",
        "flipped-inclusion-hash",
        "wrong-checkpoint-signature",
        "header-edited",
    ],
)
def test_mutated_bundle_exits_1_naming_the_reason(
    evidence: Evidence, mutate: Callable[[Bundle], None], reason: str, words: str, detail: str
) -> None:
    bundle = evidence.bundle_copy("file")
    mutate(bundle)
    path = evidence.write_bundle(f"mutated-{mutate.__name__}", bundle)
    result = run_cunzheng("verify", path, "--genesis", evidence.genesis_path)
    assert result.returncode == 1, result.stdout + result.stderr
    sentence, detail_line = result.stdout.splitlines()
    assert sentence.startswith(f"INVALID: {words}")
    assert detail_line.startswith("Detail: ") and detail in detail_line
    answer = run_cunzheng("verify", path, "--genesis", evidence.genesis_path, "--json")
    verdict = json.loads(answer.stdout)
    assert (verdict["verdict"], verdict["reason"], verdict["exit_code"]) == ("invalid", reason, 1)
    assert detail in verdict["message"] and verdict["record"] is None


def test_another_chain_and_another_genesis_are_told_apart(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("for-wrong-genesis", evidence.bundles["file"])
    keys = notary_keys(4)
    for name, genesis, reason, opening in [
        (
            "other-chain",
            make_genesis(keys, chain_id="other-chain"),
            "wrong_chain",
            "无效：证明文件所属的账本与可信创世文件的账本不同（账本标识不一致）。",
        ),
        (
            "refounded",
            make_genesis(keys, time_ms=evidence.genesis.genesis_time_ms + 1),
            "wrong_genesis",
            "无效：证明文件所属账本的标识与可信创世文件相同，但创世文件不同。",
        ),
    ]:
        path = evidence.directory / f"{name}-genesis.json"
        path.write_text(genesis.to_file_text(), encoding="utf-8")
        result = run_cunzheng("verify", bundle, "--genesis", path, "--lang", "zh")
        assert result.returncode == 1
        assert result.stdout.startswith(opening)
        assert "技术细节（英文）：" in result.stdout
        answer = run_cunzheng("verify", bundle, "--genesis", path, "--json")
        assert json.loads(answer.stdout)["reason"] == reason


def test_file_check_accepts_the_original_and_rejects_one_changed_byte(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("with-file", evidence.bundles["file"])
    good = run_cunzheng(
        "verify", bundle, "--genesis", evidence.genesis_path, "--file", evidence.file_path
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.splitlines()[0] == expected_sentence_en(evidence, ' (file "chat.zip")')
    assert '"chat.zip": SHA-256 digest matches' in good.stdout
    changed = evidence.directory / "changed" / "chat.zip"
    changed.parent.mkdir(exist_ok=True)
    data = bytearray(evidence.file_path.read_bytes())
    data[10] ^= 0x20
    changed.write_bytes(bytes(data))
    bad = run_cunzheng("verify", bundle, "--genesis", evidence.genesis_path, "--file", changed)
    assert bad.returncode == 1
    assert bad.stdout == (
        f'INVALID: file "chat.zip" has SHA-256 digest {sha256(data).hexdigest()}, but the record '
        f"holds {evidence.file_entry.digest.hex()}: it is not the preserved file, or it has "
        "been changed\n"
    )


def test_file_check_on_a_package_is_incomplete(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("package", evidence.bundles["package"])
    plain = run_cunzheng("verify", bundle, "--genesis", evidence.genesis_path, "--quiet")
    assert plain.returncode == 0
    assert plain.stdout.startswith("VALID: the sealed evidence package with root ")
    args = ("verify", bundle, "--genesis", evidence.genesis_path, "--file", evidence.file_path)
    result = run_cunzheng(*args)
    assert result.returncode == 2
    assert result.stdout.startswith("INCOMPLETE: this record is a sealed evidence package")
    assert "--package FOLDER --manifest MANIFEST" in result.stdout
    chinese = run_cunzheng(*args, "--lang", "zh")
    assert chinese.stdout.startswith("无法判定：该记录是封存的证据包")
    verdict = json.loads(run_cunzheng(*args, "--json").stdout)
    assert (verdict["verdict"], verdict["reason"], verdict["exit_code"]) == (
        "incomplete",
        "package_needs_manifest",
        2,
    )
    assert verdict["record"]["kind"] == "package"


def test_missing_bundle_is_a_usage_error_and_non_json_is_invalid(evidence: Evidence) -> None:
    missing = run_cunzheng("verify", evidence.directory / "no-such-bundle.json")
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    not_json = evidence.directory / "notes.txt"
    not_json.write_text("this is not a bundle", encoding="utf-8")
    result = run_cunzheng("verify", not_json, "--genesis", evidence.genesis_path)
    assert result.returncode == 1
    assert result.stdout.startswith("INVALID: the proof bundle is malformed")
    assert "not UTF-8 JSON" in result.stdout
    answer = run_cunzheng("verify", not_json, "--json")
    assert json.loads(answer.stdout)["reason"] == "malformed_bundle"
    bad_genesis = run_cunzheng("verify", not_json, "--genesis", not_json)
    assert bad_genesis.returncode == 2


def test_submitter_signature_is_checked(evidence: Evidence) -> None:
    signed = evidence.write_bundle("signed", evidence.bundles["signed"])
    good = run_cunzheng("verify", signed, "--genesis", evidence.genesis_path)
    assert good.returncode == 0
    assert "(signature verified)" in good.stdout
    assert "chat-export" in good.stdout
    forged = evidence.write_bundle("bad-signature", evidence.bundles["bad_signature"])
    bad = run_cunzheng("verify", forged, "--genesis", evidence.genesis_path, "--json")
    assert bad.returncode == 1
    verdict = json.loads(bad.stdout)
    # A node accepts no entry whose signature fails: such a bundle is not well formed.
    assert verdict["reason"] == "malformed_bundle"
    assert "cunzheng/entry/v1 signature does not verify" in verdict["message"]


def test_json_output_has_the_same_shape_in_every_language(evidence: Evidence) -> None:
    bundle = evidence.bundle_copy("file")
    bundle["timestamp_token"] = "00"  # an RFC 3161 token: present, and not checked yet
    path = evidence.write_bundle("json", bundle)
    args = (
        "verify",
        path,
        "--genesis",
        evidence.genesis_path,
        "--file",
        evidence.file_path,
        "--json",
    )
    english, chinese = run_cunzheng(*args, "--lang", "en"), run_cunzheng(*args, "--lang", "zh")
    assert english.returncode == chinese.returncode == 0
    assert english.stdout == chinese.stdout
    document = json.loads(english.stdout)
    assert set(document) == {
        "verdict",
        "reason",
        "notices",
        "files",
        "exit_code",
        "message",
        "record",
        "collection",
        "disclosed",
    }
    assert (document["verdict"], document["reason"], document["exit_code"]) == ("valid", "ok", 0)
    assert document["notices"] == ["timestamp_unchecked"]
    assert document["files"] is document["message"] is document["collection"] is None
    record = document["record"]
    assert record["entry_id"] == evidence.file_entry.leaf_hash().hex()
    assert record["certificate_number"] == certificate_number(evidence.file_entry.leaf_hash())
    assert (record["leaf_index"], record["tree_size"], record["height"]) == (4, 9, 2)
    assert record["time_utc"] == "2026-11-23T15:04:07.000Z"  # the proposer's clock
    assert record["no_later_than_utc"] == "2026-11-23T15:04:09.750Z"
    assert [s["name"] for s in record["signers"]] == ["notary-a", "notary-b", "notary-c"]
    assert record["notaries"] == 4
    assert record["file"] == {"name": "chat.zip", "matches": True}
    assert record["unchecked"] == ["timestamp_token"]
    mutated = evidence.bundle_copy("file")
    _flip_inclusion_hash(mutated)
    invalid = run_cunzheng("verify", evidence.write_bundle("json-bad", mutated), "--json")
    assert invalid.returncode == 1
    assert json.loads(invalid.stdout)["reason"] == "inclusion_invalid"
    untrusted = json.loads(run_cunzheng("verify", path, "--json").stdout)
    assert (untrusted["verdict"], untrusted["reason"]) == ("unconfirmed", "no_trust_anchor")
    assert untrusted["exit_code"] == 3
