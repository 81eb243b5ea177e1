"""Every command that needs no node, in Chinese: through its main paths and main failures,
click's usage errors included, every line it prints is Chinese (codes, paths, names and
labelled English details aside), and its JSON is the same as in English."""

import json
from pathlib import Path

import plyvel
import pytest

from cunzheng.ledger.keys import write_key_file
from cunzheng.ledger.validators import Genesis, Validator, ValidatorSet
from tests.cli.test_audit import closed_store, genesis_file
from tests.cli.test_verdict_corpus import CASES, case_json, verify_arguments
from tests.support.chain_factory import edit_stored_entry, notary_keys, sample_entry
from tests.support.chinese import in_chinese, in_english
from tests.support.corpus import CORPUS
from tests.support.evidence_fixture import write_chat_record
from tests.support.tsa import make_ca
from tests.support.verify_evidence import Evidence

EXIT = {"valid": 0, "invalid": 1, "incomplete": 2, "unconfirmed": 3}


@pytest.mark.parametrize("name", CASES)
def test_every_verdict_in_chinese(name: str) -> None:
    case = case_json(name)
    arguments = [arg for arg in verify_arguments(CORPUS / name, case["inputs"]) if arg != "--json"]
    result = in_chinese(*arguments, exit_code=EXIT[case["expected"]["verdict"]])
    assert result.output.startswith(("有效", "无效", "无法判定"))


def test_json_is_the_same_in_every_language() -> None:
    case = case_json("file_tampered")
    arguments = verify_arguments(CORPUS / "file_tampered", case["inputs"])
    english = in_english(*arguments)
    chinese = in_english(*arguments, "--lang", "zh")
    assert chinese.stdout == english.stdout
    assert json.loads(english.stdout)["message"].startswith("file ")


def test_verify_usage_errors_in_chinese(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("usage", evidence.bundles["file"])
    assert "缺少参数 'BUNDLE'。" in in_chinese("verify", exit_code=2).output
    missing = in_chinese("verify", evidence.directory / "none.json", exit_code=2).output
    assert "'BUNDLE' 的值无效：文件 " in missing and "不存在。" in missing
    assert "用法：cunzheng verify [OPTIONS] BUNDLE" in missing
    in_chinese("verify", bundle, "--disclosure", bundle, exit_code=2)
    guess = in_chinese("verify", bundle, "--genesys", "g.json", exit_code=2).output
    assert "没有选项 '--genesys'。您是否想用 '--genesis'？" in guess
    in_chinese("verify", bundle, "多余", exit_code=2)
    in_chinese("verify", bundle, "--lang", "fr", exit_code=2, by_locale=True)


def test_verify_with_a_file_and_without_a_trusted_genesis_in_chinese(evidence: Evidence) -> None:
    bundle = evidence.write_bundle("zh", evidence.bundles["file"])
    genesis = evidence.genesis_path
    trusted = in_chinese("verify", bundle, "--genesis", genesis, "--file", evidence.file_path)
    assert "第 5 条（叶子序号 4），账本共 9 条" in trusted.output
    unconfirmed = in_chinese("verify", bundle, exit_code=3, by_locale=True).output
    assert "由证明文件自带名单上的 3 个公证节点签名（名单共 4 个）" in unconfirmed


def test_a_time_stamp_token_in_chinese(evidence: Evidence, tmp_path: Path) -> None:
    bundle = evidence.bundle_copy("file")
    bundle["timestamp_token"] = "00"
    path = evidence.write_bundle("token-zh", bundle)
    unchecked = in_chinese("verify", path, "--genesis", evidence.genesis_path, "--quiet")
    assert "注意：证明文件还带有 RFC 3161 时间戳，但未经检查。" in unchecked.output
    ca_pem, _ = make_ca(tmp_path / "ca", "测试时间戳 CA")
    anchor = ("--genesis", evidence.genesis_path, "--tsa-anchor", ca_pem)
    failed = in_chinese("verify", path, *anchor, exit_code=1).output
    assert failed.startswith("无效：RFC 3161 时间戳验证失败。\n技术细节（英文）：")
    in_chinese("verify", path, "--tsa-anchor", evidence.genesis_path, exit_code=2)


def test_certificate_in_chinese(evidence: Evidence, tmp_path: Path) -> None:
    bundle = evidence.write_bundle("certificate", evidence.bundles["file"])
    out = tmp_path / "证书.html"
    in_chinese("certificate", bundle, "--out", out, "--genesis", evidence.genesis_path)
    html = out.read_text("utf-8")
    assert "投票权" in html and "权重" not in html
    in_chinese("certificate", bundle, "--out", out, "--lang", "zh")  # unconfirmed: warns
    in_chinese("certificate", bundle, "--out", bundle, exit_code=2)
    in_chinese("certificate", bundle, "--out", out, "--page-url", "ftp://x", exit_code=2)
    tampered = evidence.bundle_copy("file")
    tampered["entry"]["digest"] = "00" * 32
    forged = evidence.write_bundle("forged", tampered)
    in_chinese("certificate", forged, "--out", tmp_path / "no.html", exit_code=1)
    in_chinese("certificate", bundle, "--out", tmp_path / "both.html", by_locale=True)


COLLECTION = ("--operator", "李四", "--app", "微信", "--method", "全程录屏", "--step", "截图")


def test_seal_and_disclose_in_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "证据"
    write_chat_record(folder, omit=("screen_recording",))
    manifest = tmp_path / "证据.json"
    sealed = in_chinese("seal", folder, "--out", manifest, *COLLECTION)
    assert "提醒：缺少取证过程录屏" in sealed.output
    in_chinese("seal", folder, "--out", manifest, exit_code=2)
    in_chinese("seal", folder, "--out", folder / "inside.json", exit_code=2)
    in_chinese("seal", folder, "--out", tmp_path / "r.json", "--role", "x=y", exit_code=2)
    in_chinese("seal", folder, "--out", tmp_path / "s.json", "--started", "x", exit_code=2)
    in_chinese("seal", folder, exit_code=2)
    listed = json.loads(manifest.read_text("utf-8"))["files"][0]["path"]
    in_chinese("disclose", manifest, listed, "--out", tmp_path / "one.json")
    in_chinese("disclose", manifest, "无此文件.txt", "--out", tmp_path / "two.json", exit_code=2)
    in_chinese("disclose", tmp_path / "absent.json", listed, "--out", tmp_path / "x", exit_code=2)


def test_keygen_and_genesis_in_chinese(tmp_path: Path) -> None:
    key = tmp_path / "notary-a.json"
    in_chinese("keygen", "--name", "notary-a", "--out", key)
    in_chinese("keygen", "--name", "notary-a", "--out", key, exit_code=1)
    in_chinese("keygen", "--name", "有 空格", "--out", tmp_path / "b.json", exit_code=2)
    vkey = tmp_path / "notary-a.vkey"
    genesis = ("genesis", "--chain-id", "测试链", "--out")
    in_chinese(*genesis, tmp_path / "g.json", "--validator", f"notary-a={vkey}")
    in_chinese(*genesis, tmp_path / "g2.json", "--validator", f"notary-b={vkey}", exit_code=2)
    in_chinese(*genesis, tmp_path / "g3.json", "--validator", "notary-a", exit_code=2)
    member = ("--validator", f"notary-a={vkey}", "--member", "notary-z=某公证处")
    in_chinese(*genesis, tmp_path / "g4.json", *member, exit_code=2)
    in_chinese(*genesis, tmp_path / "g.json", "--validator", f"notary-a={vkey}", exit_code=1)


def test_init_node_devnet_and_restore_in_chinese(tmp_path: Path) -> None:
    home = tmp_path / "节点"
    in_chinese("init", "--home", home, "--name", "notary-a")
    in_chinese("init", "--home", home, "--name", "notary-a", exit_code=1)
    in_chinese("node", "--home", home, exit_code=1)  # no genesis.json yet
    empty = tmp_path / "空"
    empty.mkdir()
    in_chinese("node", "--home", empty, exit_code=1)
    in_chinese("restore", tmp_path / "none.tar.gz", "--home", empty, exit_code=1)
    garbage = tmp_path / "坏备份.tar.gz"
    garbage.write_bytes(b"not a backup")
    in_chinese("restore", garbage, "--home", home, exit_code=1)
    keys = notary_keys(2)
    validators = ValidatorSet.of([Validator(k.name, k.public_key, 1) for k in keys])
    devnet = tmp_path / "devnet"
    devnet.mkdir()
    (devnet / "genesis.json").write_text(Genesis("devnet-2", 0, validators, {}).to_file_text())
    in_chinese("devnet", "--dir", devnet, "--nodes", "4", exit_code=1)
    in_chinese("devnet", "--dir", devnet, "--nodes", "0", exit_code=2)
    write_key_file(tmp_path / "k.json", keys[0])


def test_audit_in_chinese(tmp_path: Path) -> None:
    store = closed_store(tmp_path / "store")
    genesis = genesis_file(tmp_path)
    passed = in_chinese("audit", "--store", store, "--genesis", genesis).output
    assert passed.rstrip().endswith("结论：通过")
    taken = in_chinese("audit", "--store", store, "--state", tmp_path / "审计状态.json").output
    assert "警告：未给出 --genesis" in taken and "审计状态已保存到" in taken
    resumed = in_chinese("audit", "--store", store, "--state", tmp_path / "审计状态.json")
    assert "从第 4 号区块之后继续审计" in resumed.output
    blocks = [[sample_entry(n) for n in numbers] for numbers in ([0, 1], [2, 3], [4, 5], [6])]
    edited = closed_store(tmp_path / "edited", blocks)
    db = plyvel.DB(str(edited))
    edit_stored_entry(db, 3, sample_entry(99).encode())
    db.close()
    failed = in_chinese("audit", "--store", edited, "--package", tmp_path, exit_code=1).output
    assert "原因：第 2 号区块未通过账本根摘要检查。" in failed
    assert "无法使用 审计包" in failed
    as_json = ("audit", "--package", tmp_path, "--genesis", genesis, "--json", "--lang", "zh")
    report = json.loads(in_english(*as_json).stdout)
    assert report["sources"][0]["unavailable"].startswith("package file MANIFEST.json cannot")
    in_chinese("audit", exit_code=2)
    in_chinese("audit", "--node", "http://127.0.0.1:9", exit_code=2)
    in_chinese("audit", "--package", tmp_path, exit_code=1)


def test_the_group_itself_in_chinese() -> None:
    assert in_chinese("--version").output.startswith("cunzheng 版本 ")
    in_chinese("verfy", exit_code=2)
    in_chinese("submit", "--node", "http://127.0.0.1:9", "--alg", "md5", "x", exit_code=2)
    in_chinese("--lang", "zh", "governance", "propose", "frob", "x", exit_code=2, by_locale=True)
    in_chinese("governance", "propose", "add", exit_code=2)
    in_chinese("status", exit_code=2)
