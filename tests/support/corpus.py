"""The verdict corpus: what a judge may be given, and the verdict both verifiers must give.

tests/vectors/verdicts/<case>/ holds, per case, the proof bundle (proof.cunzheng.json), the
trusted genesis.json when the case has one, the evidence (one file, or the folder
`evidence/`), manifest.json and disclosure.json as the case needs, and case.json:

    {"description": …, "inputs": {"bundle", "genesis", "file", "folder", "manifest",
     "disclosure"} (paths in the case folder, or null), "expected": {"verdict", "reason",
     "notices", "files"}}

`cunzheng verify --json` (tests/cli/test_verdict_corpus.py) and the page's verifier must
give `expected` exactly (docs/verdicts.md). Everything is made here by the production code
(seal_directory, disclose, real chains of tests/support/chain_factory.py, build_bundle),
from fixed notary keys, fixed times and seeded salts, so the same files come out on every
run: a test regenerates the corpus and compares. tests/support/corpus_case.py writes a case
folder, tests/support/bundle_mutations.py tampers with bundles. To write the corpus after a
change of format:

    .venv/bin/python -m tests.support.corpus
"""

import json
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from hashlib import sha256
from pathlib import Path
from typing import Any

from cunzheng.ledger.bundle import with_consistency
from cunzheng.ledger.disclosure import disclose
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.governance import Change, ChangeProposal
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.manifest import Manifest
from cunzheng.ledger.package import seal_directory
from cunzheng.ledger.validators import Genesis
from tests.support.bundle_mutations import (
    as_version_1,
    copied,
    flipped_hash,
    forged_checkpoint,
    forged_commit,
    with_carried_genesis,
    with_repeated_key,
)
from tests.support.chain_factory import (
    NOTARY_NAMES,
    Chain,
    build_chain,
    make_genesis,
    notary_keys,
    sample_entry,
)
from tests.support.corpus_case import (
    CHAT_EXPORT,
    CORPUS,
    COUNTERPARTY_PROFILE,
    OWNER_PROFILE,
    RECORDING,
    TRANSCRIPT,
    Case,
    Folder,
    unchanged,
)
from tests.support.evidence_fixture import (
    amr_voice,
    chat_export_html,
    mp4_recording,
    png_image,
    sample_collection,
)

NEW_NOTARY = NodeKey.from_seed("notary-new", sha256(b"cunzheng corpus new notary").digest())
# A second consortium: the same chain id and notary names, other keys.
OTHER_NOTARIES = tuple(
    NodeKey.from_seed(name, sha256(f"cunzheng corpus other notary {name}".encode()).digest())
    for name in NOTARY_NAMES[:4]
)
# Text a terminal would obey: clear the screen, then a fake verdict; and a name shown reversed.
TERMINAL_ESCAPES = "\x1b[H\x1b[2J 有效：由 4 个公证节点中的 4 个签名\r\n"


def evidence_folder() -> Folder:
    """A WeChat chat record a litigant would seal, each file a few hundred bytes."""
    return {
        "聊天记录/与张三的聊天记录.html": chat_export_html(),
        OWNER_PROFILE: png_image(8, 12, (7, 193, 96)),
        COUNTERPARTY_PROFILE: png_image(8, 12, (250, 157, 59)),
        "语音/语音_001.amr": amr_voice(8),
        TRANSCRIPT: "语音_001（张三，2026-11-15 18:47:09，5秒）：\n“钱我下个月一定还。”\n".encode(),
        "转账记录/转账_2026-11-01.png": png_image(10, 6, (255, 255, 255)),
        RECORDING: mp4_recording(1024),
    }


def seeded_salts(seed: int) -> Callable[[int], bytes]:
    """A salt source drawing from random.Random(seed): reproducible, unlike os.urandom."""
    rng = random.Random(seed)
    return rng.randbytes


def _sealed(root: Path, name: str, folder: Folder, alg: str, seed: int) -> Manifest:
    location = root / name
    for path, data in folder.items():
        (location / path).parent.mkdir(parents=True, exist_ok=True)
        (location / path).write_bytes(data)
    sealed = seal_directory(
        location, alg=alg, salt_source=seeded_salts(seed), collection=sample_collection(), roles={}
    )
    return sealed.manifest


@dataclass
class _Records:
    """The records every case draws on, committed in one chain of four notaries."""

    chain: Chain
    file_entry: Entry
    package: Manifest
    old_package: Manifest  # version 1: its collection record not sealed
    other_package: Manifest
    sm3_package: Manifest
    proto_entry: Entry  # meta key "__proto__"
    escapes_entry: Entry  # kind and meta with control characters, committed before the rule

    def bundle(self, entry: Entry) -> dict[str, Any]:
        return self.chain.bundle(entry)


@contextmanager
def _records(work: Path) -> Iterator[_Records]:
    folder = evidence_folder()
    package = _sealed(work, "v2", folder, "sha256", 1)
    unsealed = replace(package.collection, salt=None)
    old_package = Manifest.of(list(package.files), unsealed)
    other_package = _sealed(work, "other", folder, "sha256", 2)
    sm3_package = _sealed(work, "sm3", folder, "sm3", 3)
    file_entry = Entry(sha256(chat_export_html()).digest())
    proto_entry = replace(file_entry, meta={"__proto__": "聊天记录", "case": "1"})
    escapes_entry = replace(file_entry, kind="chat.\u202elmth", meta={"z": TERMINAL_ESCAPES})
    first = [sample_entry(0), file_entry]
    second = [package.entry, old_package.entry, other_package.entry, sm3_package.entry]
    third = [proto_entry, escapes_entry]
    chain = build_chain(work / "store", [first, second, third], validators=4)
    try:
        yield _Records(
            chain,
            file_entry,
            package,
            old_package,
            other_package,
            sm3_package,
            proto_entry,
            escapes_entry,
        )
    finally:
        chain.close()


def _refreshed(records: _Records) -> dict[str, Any]:
    # The file's bundle, later given a consistency proof to a checkpoint two blocks on.
    chain = records.chain
    bundle = records.bundle(records.file_entry)
    chain.commit_block([sample_entry(1)])
    header = chain.commit_block([sample_entry(2), sample_entry(3)])
    later = signed_checkpoint(
        header, chain.store.commit(header.height), chain.genesis.validator_set
    )
    first = bundle["inclusion"]["tree_size"]
    path = chain.store.consistency_path(first, header.ledger_size)
    return with_consistency(bundle, path, later)


def _governed_bundles(work: Path) -> tuple[Genesis, dict[str, Any]]:
    # A chain whose block 1 adds notary-new from height 3, so block 3 is signed by five.
    chain = build_chain(work / "governed", [], validators=4)
    try:
        genesis_set = chain.store.next_validators
        change = Change(
            chain.genesis.chain_id,
            3,
            genesis_set.hash(),
            "add",
            NEW_NOTARY.name,
            NEW_NOTARY.public_key,
            1,
        )
        proposal = ChangeProposal(change, {})
        for key in chain.keys:
            proposal = proposal.signed_by(key, genesis_set)
        chain.pool[NEW_NOTARY.public_key] = NEW_NOTARY
        chain.commit_block([proposal.entry()])
        chain.commit_block([sample_entry(10)])
        evidence = sample_entry(11)
        chain.commit_block([evidence])
        return chain.genesis, chain.bundle(evidence)
    finally:
        chain.close()


def _edited_collection(manifest: Manifest) -> dict[str, Any]:
    edited = manifest.to_json()
    edited["collection"]["operator"] = "王五"
    return edited


def _renamed(folder: Folder) -> Folder:
    moved = dict(folder)
    moved["语音/转写.txt"] = moved.pop(TRANSCRIPT)
    return moved


def _statuses(
    folder: Folder, changes: dict[str, str], to: str | None = None
) -> list[dict[str, str]]:
    # The expected `files`: each path in path byte order, unchanged unless `changes` gives
    # its status; a renamed path says where `to`.
    statuses = []
    for path in sorted(set(folder) | set(changes), key=str.encode):
        status = {"path": path, "status": changes.get(path, "unchanged")}
        statuses.append(status | ({"to": to} if status["status"] == "renamed" and to else {}))
    return statuses


def _file_cases(records: _Records, genesis: Genesis, refreshed: dict[str, Any]) -> list[Case]:
    bundle = records.bundle(records.file_entry)
    tampered = (CHAT_EXPORT, chat_export_html().replace(b"5000", b"500"))
    other_chain = make_genesis(notary_keys(4), chain_id="cunzheng-other")
    refounded = make_genesis(notary_keys(4), time_ms=genesis.genesis_time_ms + 1)
    reading_copy = copied(bundle)
    reading_copy["header"]["time_ms"] -= 86_400_000
    case = partial(Case, genesis=genesis, file=(CHAT_EXPORT, chat_export_html()))
    return [
        case("file_valid", "One preserved file, checked against the trusted genesis.", bundle),
        case(
            "file_unconfirmed",
            "The same file without a trust anchor: only the notaries the bundle names.",
            bundle,
            ("unconfirmed", "no_trust_anchor"),
            genesis=None,
        ),
        case(
            "file_tampered",
            "The file was changed after preservation (5000 became 500).",
            bundle,
            ("invalid", "file_mismatch"),
            file=tampered,
        ),
        case(
            "malformed_bundle",
            "The bundle's readable header says a day earlier than its signed bytes.",
            reading_copy,
            ("invalid", "malformed_bundle"),
        ),
        case(
            "wrong_chain",
            "The trusted genesis is of another chain (another chain id).",
            bundle,
            ("invalid", "wrong_chain"),
            genesis=other_chain,
        ),
        case(
            "wrong_genesis",
            "The trusted genesis has the bundle's chain id, but another genesis time.",
            bundle,
            ("invalid", "wrong_genesis"),
            genesis=refounded,
        ),
        case(
            "forged_commit_signature",
            "One notary's precommit signature on the block was altered.",
            forged_commit(bundle),
            ("invalid", "commit_invalid"),
        ),
        case(
            "inclusion_invalid",
            "A hash of the inclusion proof was altered.",
            flipped_hash(bundle, "inclusion"),
            ("invalid", "inclusion_invalid"),
        ),
        case(
            "forged_checkpoint_signature",
            "One signature line of the checkpoint was altered.",
            forged_checkpoint(bundle),
            ("invalid", "checkpoint_invalid"),
        ),
        case(
            "refreshed_bundle",
            "The bundle carries a consistency proof to a later checkpoint (cunzheng refresh).",
            refreshed,
        ),
        case(
            "broken_consistency",
            "A hash of the consistency proof to the later checkpoint was altered.",
            flipped_hash(refreshed, "consistency"),
            ("invalid", "consistency_invalid"),
        ),
    ]


def _package_cases(records: _Records, genesis: Genesis) -> list[Case]:
    folder, package = evidence_folder(), records.package
    bundle, manifest = records.bundle(package.entry), package.to_json()
    changed = folder | {OWNER_PROFILE: png_image(8, 12, (0, 0, 0))}
    missing = {path: data for path, data in folder.items() if path != RECORDING}
    added = folder | {"补充说明.txt": "事后补充的说明。\n".encode()}
    os_files = folder | {".DS_Store": b"\0\0\0\1Bud1", "截图/Thumbs.db": b"\xd0\xcf\x11\xe0"}
    os_files["._聊天记录"] = b"\0\5\26\7 AppleDouble"
    case = partial(Case, genesis=genesis, folder=folder, manifest=manifest)
    differ = ("invalid", "package_files_differ")
    return [
        case(
            "package_valid",
            "A sealed WeChat chat record (manifest v2): every file as sealed; the collection "
            "record is shown as the litigant's own statement.",
            bundle,
            files=unchanged(folder),
        ),
        case(
            "package_file_changed",
            "A screenshot was replaced after sealing.",
            bundle,
            differ,
            folder=changed,
            files=_statuses(folder, {OWNER_PROFILE: "changed"}),
        ),
        case(
            "package_file_missing",
            "The screen recording was removed from the folder.",
            bundle,
            differ,
            folder=missing,
            files=_statuses(folder, {RECORDING: "missing"}),
        ),
        case(
            "package_file_added",
            "A file was added to the folder after sealing.",
            bundle,
            differ,
            folder=added,
            files=_statuses(added, {"补充说明.txt": "added"}),
        ),
        case(
            "package_file_renamed",
            "The transcript was renamed: same size and digest.",
            bundle,
            differ,
            folder=_renamed(folder),
            files=_statuses(folder, {TRANSCRIPT: "renamed"}, to="语音/转写.txt"),
        ),
        case(
            "package_os_files_ignored",
            "Finder and Explorer added .DS_Store, Thumbs.db and an AppleDouble file: ignored.",
            bundle,
            folder=os_files,
            files=unchanged(folder),
        ),
        case(
            "collection_edited",
            "The operator's name in the manifest's collection record was edited after sealing.",
            bundle,
            ("invalid", "manifest_edited"),
            manifest=_edited_collection(package),
        ),
        case(
            "manifest_v1",
            "A version 1 manifest: the files are sealed, the collection record is not.",
            records.bundle(records.old_package.entry),
            manifest=records.old_package.to_json(),
            notices=["collection_not_sealed"],
            files=unchanged(folder),
        ),
        case(
            "manifest_other_package",
            "The manifest is of another package (the same folder sealed again, other salts).",
            bundle,
            ("invalid", "manifest_mismatch"),
            manifest=records.other_package.to_json(),
        ),
        case(
            "malformed_manifest",
            "The manifest file is cut off: not JSON.",
            bundle,
            ("invalid", "malformed_manifest"),
            manifest=json.dumps(manifest, ensure_ascii=False).encode()[:200],
        ),
        case(
            "sm3_package",
            "The chat record sealed with SM3 file hashes.",
            records.bundle(records.sm3_package.entry),
            manifest=records.sm3_package.to_json(),
            files=unchanged(folder),
        ),
        case(
            "package_file_alone",
            "One file of a package, without manifest or disclosure: it cannot be checked yet.",
            bundle,
            ("incomplete", "package_needs_manifest"),
            file=("我的个人信息页.png", folder[OWNER_PROFILE]),
            folder=None,
            manifest=None,
        ),
    ]


def _disclosure_cases(records: _Records, genesis: Genesis) -> list[Case]:
    folder, package = evidence_folder(), records.package
    disclosure = disclose(package, OWNER_PROFILE)
    mine = ("我的个人信息页.png", folder[OWNER_PROFILE])
    case = partial(Case, genesis=genesis, file=mine, disclosure=disclosure)
    bundle = records.bundle(package.entry)
    return [
        case(
            "disclosure_valid",
            "One screenshot of the package, with its disclosure: the other files stay private.",
            bundle,
        ),
        case(
            "disclosure_wrong_file",
            "The disclosure of the owner's profile page, given with the counterparty's.",
            bundle,
            ("invalid", "disclosure_invalid"),
            file=("对方个人信息页_微信号.png", folder[COUNTERPARTY_PROFILE]),
        ),
        case(
            "malformed_disclosure",
            "The disclosure is of an unknown format.",
            bundle,
            ("invalid", "malformed_disclosure"),
            disclosure={**disclosure, "format": "cunzheng-disclosure/v0"},
        ),
    ]


def _other_consortium_bundle(work: Path, entry: Entry) -> dict[str, Any]:
    # The same file preserved by a second consortium: the same chain id and notary names,
    # other keys (a devnet anyone can start).
    chain = build_chain(work / "other-consortium", [[entry]], validators=4, keys=OTHER_NOTARIES)
    try:
        return chain.bundle(entry)
    finally:
        chain.close()


def _late_round_case(work: Path, entry: Entry) -> Case:
    # A block committed in round 3 of a chain with WAN timing: the stated time adds
    # MSGDELAY(3) + PRECISION + PRECISION/2 = 1500·1.1³ + 1000 + 500 ms (docs/time.md).
    params = {"precision_ms": 1000, "message_delay_ms": 1500}
    chain = build_chain(work / "late-round", [[entry]], validators=4, params=params, commit_round=3)
    try:
        bundle, genesis = chain.bundle(entry), chain.genesis
    finally:
        chain.close()
    description = (
        "A record committed in round 3 on a chain with WAN timing: the time stated is the "
        "block time plus 3496 ms."
    )
    return Case("late_round_wan_timing", description, bundle, genesis=genesis)


def _genesis_cases(records: _Records, genesis: Genesis, other: dict[str, Any]) -> list[Case]:
    # Whether the genesis hash a verdict gives is the consortium's (docs/verdicts.md,
    # "Trust anchors"), and bundles of version 1, which carry no genesis.
    bundle = records.bundle(records.file_entry)
    legacy = as_version_1(bundle)
    renamed = copied(legacy)
    renamed["chain"]["chain_id"] = "cunzheng-other"
    posing = as_version_1(other, genesis.hash())
    case = partial(Case, genesis=genesis, file=(CHAT_EXPORT, chat_export_html()))
    unconfirmed = ("unconfirmed", "no_trust_anchor")
    return [
        case(
            "other_consortium",
            "A second consortium (same chain id and notary names, other keys) preserved the "
            "file; the judge brings the real consortium's genesis.",
            other,
            ("invalid", "wrong_genesis"),
        ),
        case(
            "other_consortium_unconfirmed",
            "The second consortium's bundle without a trust anchor: the genesis hash to compare "
            "is its own genesis's, not the real consortium's.",
            other,
            unconfirmed,
            genesis=None,
        ),
        case(
            "other_consortium_real_genesis",
            "The second consortium's bundle carrying the real consortium's genesis: the notaries "
            "who signed are not the ones that genesis founded.",
            with_carried_genesis(other, genesis),
            ("invalid", "validators_mismatch"),
            genesis=None,
        ),
        case(
            "carried_genesis_other_chain",
            "The bundle carries the genesis of another chain id than its block's.",
            with_carried_genesis(bundle, make_genesis(notary_keys(4), chain_id="cunzheng-other")),
            ("invalid", "wrong_chain"),
            genesis=None,
        ),
        case(
            "legacy_bundle",
            "A version 1 bundle (it names its genesis hash, carries no genesis), checked against "
            "the trusted genesis.",
            legacy,
        ),
        case(
            "legacy_bundle_unconfirmed",
            "The version 1 bundle without a trust anchor: the genesis hash it names is tied to "
            "nothing, so none is given to compare.",
            legacy,
            unconfirmed,
            genesis=None,
            notices=["genesis_not_carried"],
        ),
        case(
            "legacy_other_consortium",
            "The second consortium's bundle as version 1, naming the real consortium's genesis "
            "hash, without a trust anchor: that hash is not given to compare.",
            posing,
            unconfirmed,
            genesis=None,
            notices=["genesis_not_carried"],
        ),
        case(
            "legacy_other_consortium_real_genesis",
            "The same, with the real consortium's genesis: its notaries did not sign.",
            posing,
            ("invalid", "validators_mismatch"),
        ),
        case(
            "legacy_chain_id_differs",
            "A version 1 bundle naming another chain id than its block's, without a trust anchor.",
            renamed,
            ("invalid", "wrong_chain"),
            genesis=None,
        ),
    ]


def _reading_cases(records: _Records, genesis: Genesis) -> list[Case]:
    # What a JSON reader and a screen could be fooled by.
    bundle = records.bundle(records.file_entry)
    case = partial(Case, genesis=genesis, file=(CHAT_EXPORT, chat_export_html()))
    return [
        case(
            "bundle_repeated_key",
            "The bundle gives leaf_index twice; a reader keeping the last value sees a valid "
            "bundle, one keeping the first another record.",
            with_repeated_key(bundle, "leaf_index", 0),
            ("invalid", "malformed_bundle"),
        ),
        case(
            "meta_proto_key",
            'The record\'s metadata has the key "__proto__".',
            records.bundle(records.proto_entry),
        ),
        case(
            "meta_control_characters",
            "The record's kind and metadata hold a right-to-left override and terminal escapes "
            "(committed before nodes refused them): valid, and shown escaped.",
            records.bundle(records.escapes_entry),
        ),
    ]


def _governance_cases(genesis: Genesis, bundle: dict[str, Any]) -> list[Case]:
    stripped = copied(bundle)
    stripped["chain"]["governance"] = []
    weakened = copied(bundle)
    item = weakened["chain"]["governance"][0]
    proposal = ChangeProposal.of_entry(Entry.decode(bytes.fromhex(item["leaf"])))
    two_signatures = dict(list(proposal.signatures.items())[:2])
    item["leaf"] = ChangeProposal(proposal.change, two_signatures).entry().encode().hex()
    case = partial(Case, genesis=genesis)
    return [
        case(
            "governance_change",
            "A notary was added by a governance entry before the block; the set of five is "
            "checked from the genesis of four.",
            bundle,
        ),
        case(
            "validators_mismatch",
            "The governance entry was removed: the five notaries the bundle names are not what "
            "its genesis puts in force.",
            stripped,
            ("invalid", "validators_mismatch"),
        ),
        case(
            "governance_invalid",
            "The governance entry keeps two of four signatures: no quorum made the change.",
            weakened,
            ("invalid", "governance_invalid"),
        ),
    ]


def cases(work: Path) -> list[Case]:
    """Every case, built in the scratch folder `work` (chains, sealed folders)."""
    with _records(work) as records:
        genesis = records.chain.genesis
        other = _other_consortium_bundle(work, records.file_entry)
        built = [
            *_package_cases(records, genesis),
            *_disclosure_cases(records, genesis),
            *_genesis_cases(records, genesis, other),
            *_reading_cases(records, genesis),
        ]
        refreshed = _refreshed(records)
        built += _file_cases(records, genesis, refreshed)
    built += _governance_cases(*_governed_bundles(work))
    built.append(_late_round_case(work, sample_entry(7)))
    return built


def generate(target: Path) -> list[str]:
    """Write every case folder under `target` (which must not hold them yet); return the
    case names."""
    with tempfile.TemporaryDirectory() as work:
        built = cases(Path(work))
    for case in built:
        case.write(target)
    return [case.name for case in built]


def main() -> None:
    """Rewrite tests/vectors/verdicts/ from scratch."""
    for old in CORPUS.iterdir() if CORPUS.exists() else []:
        if old.is_dir():
            shutil.rmtree(old)
    CORPUS.mkdir(parents=True, exist_ok=True)
    names = generate(CORPUS)
    print(f"wrote {len(names)} cases to {CORPUS}")


if __name__ == "__main__":
    main()
