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
run: a test regenerates the corpus and compares. To write it after a change of format:

    .venv/bin/python -m tests.support.corpus
"""

import json
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from hashlib import sha256
from pathlib import Path
from typing import Any

from cunzheng.ledger.block import Commit
from cunzheng.ledger.bundle import with_consistency
from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.disclosure import disclose
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.governance import Change, Proposal
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.manifest import Manifest
from cunzheng.ledger.package import seal_directory
from cunzheng.ledger.validators import Genesis
from tests.support.chain_factory import Chain, build_chain, make_genesis, notary_keys, sample_entry
from tests.support.evidence_fixture import (
    amr_voice,
    chat_export_html,
    mp4_recording,
    png_image,
    sample_collection,
)

CORPUS = Path(__file__).resolve().parents[1] / "vectors" / "verdicts"
BUNDLE, GENESIS, MANIFEST, DISCLOSURE, FOLDER = (
    "proof.cunzheng.json",
    "genesis.json",
    "manifest.json",
    "disclosure.json",
    "evidence",
)
OWNER_PROFILE = "截图/我的个人信息页.png"
COUNTERPARTY_PROFILE = "截图/对方个人信息页_微信号.png"
TRANSCRIPT = "语音/语音_001_文字.txt"
RECORDING = "录屏/取证过程录屏.mp4"
CHAT_EXPORT = "聊天记录导出.html"  # the single file preserved on its own
NEW_NOTARY = NodeKey.from_seed("notary-new", sha256(b"cunzheng corpus new notary").digest())
Folder = dict[str, bytes]  # package path -> content


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


@dataclass
class Case:
    """One case folder: its files and what verify must say."""

    name: str
    description: str
    bundle: dict[str, Any]
    verdict: str
    reason: str
    genesis: Genesis | None = None
    file: tuple[str, bytes] | None = None  # (name in the case folder, content)
    folder: Folder | None = None
    manifest: dict[str, Any] | bytes | None = None  # JSON, or bytes as given
    disclosure: dict[str, Any] | None = None
    notices: list[str] = field(default_factory=list)
    files: list[dict[str, str]] | None = None

    def write(self, root: Path) -> None:
        """Write the case folder under `root`."""
        folder = root / self.name
        folder.mkdir(parents=True)
        _write_json(folder / BUNDLE, self.bundle)
        if self.genesis is not None:
            (folder / GENESIS).write_text(self.genesis.to_file_text(), encoding="utf-8")
        if self.file is not None:
            (folder / self.file[0]).write_bytes(self.file[1])
        for path, data in (self.folder or {}).items():
            (folder / FOLDER / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / FOLDER / path).write_bytes(data)
        if isinstance(self.manifest, bytes):
            (folder / MANIFEST).write_bytes(self.manifest)
        elif self.manifest is not None:
            _write_json(folder / MANIFEST, self.manifest)
        if self.disclosure is not None:
            _write_json(folder / DISCLOSURE, self.disclosure)
        _write_json(folder / "case.json", self.case_json())

    def case_json(self) -> dict[str, Any]:
        """case.json's object."""
        inputs = {
            "bundle": BUNDLE,
            "genesis": None if self.genesis is None else GENESIS,
            "file": None if self.file is None else self.file[0],
            "folder": None if self.folder is None else FOLDER,
            "manifest": None if self.manifest is None else MANIFEST,
            "disclosure": None if self.disclosure is None else DISCLOSURE,
        }
        expected = {
            "verdict": self.verdict,
            "reason": self.reason,
            "notices": self.notices,
            "files": self.files,
        }
        return {"description": self.description, "inputs": inputs, "expected": expected}


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def unchanged(folder: Folder) -> list[dict[str, str]]:
    """Every path of `folder` unchanged, in path byte order."""
    return [{"path": path, "status": "unchanged"} for path in sorted(folder, key=str.encode)]


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
    first = [sample_entry(0), file_entry]
    second = [package.entry, old_package.entry, other_package.entry, sm3_package.entry]
    chain = build_chain(work / "store", [first, second], validators=4)
    try:
        yield _Records(chain, file_entry, package, old_package, other_package, sm3_package)
    finally:
        chain.close()


def _refreshed(records: _Records) -> dict[str, Any]:
    # The file's bundle, later given a consistency proof to the checkpoint of block 4.
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
        proposal = Proposal(change, {})
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


def _copy(bundle: dict[str, Any]) -> dict[str, Any]:
    copied: dict[str, Any] = json.loads(json.dumps(bundle))
    return copied


def forged_commit(bundle: dict[str, Any]) -> dict[str, Any]:
    """A copy of `bundle` whose first precommit's vote signature has a bit flipped, its
    reading copy kept in step: only the commit check can object."""
    forged = _copy(bundle)
    commit = Commit.decode(bytes.fromhex(forged["commit_bytes"]))
    first = commit.signatures[0]
    signature = bytes([first.vote_signature[0] ^ 1]) + first.vote_signature[1:]
    signatures = (replace(first, vote_signature=signature), *commit.signatures[1:])
    changed = replace(commit, signatures=signatures)
    forged["commit"], forged["commit_bytes"] = changed.to_json(), changed.encode().hex()
    return forged


def _forged_checkpoint(bundle: dict[str, Any]) -> dict[str, Any]:
    # One signature line of the checkpoint note with a bit flipped, still a well-formed line.
    forged = _copy(bundle)
    note = SignedCheckpoint.parse(forged["checkpoint"])
    first = note.signatures[0]
    signature = bytes([first.signature[0] ^ 1]) + first.signature[1:]
    lines = (replace(first, signature=signature), *note.signatures[1:])
    forged["checkpoint"] = replace(note, signatures=lines).text()
    return forged


def _flipped_hash(bundle: dict[str, Any], part: str) -> dict[str, Any]:
    # The first hash of the inclusion (or consistency) proof with its last bit flipped.
    forged = _copy(bundle)
    first = bytearray.fromhex(forged[part]["hashes"][0])
    first[-1] ^= 1
    forged[part]["hashes"][0] = first.hex()
    return forged


def _edited_collection(manifest: Manifest) -> dict[str, Any]:
    edited = manifest.to_json()
    edited["collection"]["operator"] = "王五"
    return edited


def _renamed(folder: Folder) -> Folder:
    moved = dict(folder)
    moved["语音/转写.txt"] = moved.pop(TRANSCRIPT)
    return moved


def _statuses(folder: Folder, changes: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    # The expected `files`: each path in path byte order, unchanged unless `changes` says.
    paths = sorted(set(folder) | set(changes), key=str.encode)
    return [changes.get(path, {"path": path, "status": "unchanged"}) for path in paths]


def _file_cases(records: _Records, genesis: Genesis, refreshed: dict[str, Any]) -> list[Case]:
    bundle = records.bundle(records.file_entry)
    export = (CHAT_EXPORT, chat_export_html())
    tampered = (CHAT_EXPORT, chat_export_html().replace(b"5000", b"500"))
    other_chain = make_genesis(notary_keys(4), chain_id="cunzheng-other")
    refounded = make_genesis(notary_keys(4), time_ms=genesis.genesis_time_ms + 1)
    reading_copy = _copy(bundle)
    reading_copy["header"]["time_ms"] -= 86_400_000
    return [
        Case(
            "file_valid",
            "One preserved file, checked against the trusted genesis.",
            bundle,
            "valid",
            "ok",
            genesis,
            export,
        ),
        Case(
            "file_unconfirmed",
            "The same file without a trust anchor: the notaries are only those the bundle names.",
            bundle,
            "unconfirmed",
            "no_trust_anchor",
            None,
            export,
        ),
        Case(
            "file_tampered",
            "The file was changed after preservation (5000 became 500).",
            bundle,
            "invalid",
            "file_mismatch",
            genesis,
            tampered,
        ),
        Case(
            "malformed_bundle",
            "The bundle's readable header says a day earlier than its signed bytes.",
            reading_copy,
            "invalid",
            "malformed_bundle",
            genesis,
            export,
        ),
        Case(
            "wrong_chain",
            "The trusted genesis is of another chain (another chain id).",
            bundle,
            "invalid",
            "wrong_chain",
            other_chain,
            export,
        ),
        Case(
            "wrong_genesis",
            "The trusted genesis has the bundle's chain id but is another "
            "founding (another genesis time).",
            bundle,
            "invalid",
            "wrong_genesis",
            refounded,
            export,
        ),
        Case(
            "forged_commit_signature",
            "One notary's precommit signature on the block was altered.",
            forged_commit(bundle),
            "invalid",
            "commit_invalid",
            genesis,
            export,
        ),
        Case(
            "inclusion_invalid",
            "A hash of the inclusion proof was altered.",
            _flipped_hash(bundle, "inclusion"),
            "invalid",
            "inclusion_invalid",
            genesis,
            export,
        ),
        Case(
            "forged_checkpoint_signature",
            "One signature line of the checkpoint was altered.",
            _forged_checkpoint(bundle),
            "invalid",
            "checkpoint_invalid",
            genesis,
            export,
        ),
        Case(
            "refreshed_bundle",
            "The bundle carries a consistency proof to a later checkpoint (cunzheng refresh).",
            refreshed,
            "valid",
            "ok",
            genesis,
            export,
        ),
        Case(
            "broken_consistency",
            "A hash of the consistency proof to the later checkpoint was altered.",
            _flipped_hash(refreshed, "consistency"),
            "invalid",
            "consistency_invalid",
            genesis,
            export,
        ),
    ]


def _package_cases(records: _Records, genesis: Genesis) -> list[Case]:
    folder, package = evidence_folder(), records.package
    bundle, manifest = records.bundle(package.entry), package.to_json()
    changed = dict(folder)
    changed[OWNER_PROFILE] = png_image(8, 12, (0, 0, 0))
    missing = {path: data for path, data in folder.items() if path != RECORDING}
    added = folder | {"补充说明.txt": "事后补充的说明。\n".encode()}
    os_files = folder | {".DS_Store": b"\0\0\0\1Bud1", "截图/Thumbs.db": b"\xd0\xcf\x11\xe0"}
    os_files["._聊天记录"] = b"\0\5\26\7 AppleDouble"
    return [
        Case(
            "package_valid",
            "A sealed WeChat chat record (manifest v2): every file as "
            "sealed; the collection record is shown as the litigant's own statement.",
            bundle,
            "valid",
            "ok",
            genesis,
            folder=folder,
            manifest=manifest,
            files=unchanged(folder),
        ),
        Case(
            "package_file_changed",
            "A screenshot was replaced after sealing.",
            bundle,
            "invalid",
            "package_files_differ",
            genesis,
            folder=changed,
            manifest=manifest,
            files=_statuses(folder, {OWNER_PROFILE: {"path": OWNER_PROFILE, "status": "changed"}}),
        ),
        Case(
            "package_file_missing",
            "The screen recording was removed from the folder.",
            bundle,
            "invalid",
            "package_files_differ",
            genesis,
            folder=missing,
            manifest=manifest,
            files=_statuses(folder, {RECORDING: {"path": RECORDING, "status": "missing"}}),
        ),
        Case(
            "package_file_added",
            "A file was added to the folder after sealing.",
            bundle,
            "invalid",
            "package_files_differ",
            genesis,
            folder=added,
            manifest=manifest,
            files=_statuses(added, {"补充说明.txt": {"path": "补充说明.txt", "status": "added"}}),
        ),
        Case(
            "package_file_renamed",
            "The transcript was renamed: same size and digest.",
            bundle,
            "invalid",
            "package_files_differ",
            genesis,
            folder=_renamed(folder),
            manifest=manifest,
            files=_statuses(
                folder,
                {TRANSCRIPT: {"path": TRANSCRIPT, "status": "renamed", "to": "语音/转写.txt"}},
            ),
        ),
        Case(
            "package_os_files_ignored",
            "Finder and Explorer added .DS_Store, Thumbs.db and an AppleDouble file: ignored.",
            bundle,
            "valid",
            "ok",
            genesis,
            folder=os_files,
            manifest=manifest,
            files=unchanged(folder),
        ),
        Case(
            "collection_edited",
            "The operator's name in the manifest's collection record was edited after sealing.",
            bundle,
            "invalid",
            "manifest_edited",
            genesis,
            folder=folder,
            manifest=_edited_collection(package),
        ),
        Case(
            "manifest_v1",
            "A version 1 manifest: the files are sealed, the collection record is not.",
            records.bundle(records.old_package.entry),
            "valid",
            "ok",
            genesis,
            folder=folder,
            manifest=records.old_package.to_json(),
            notices=["collection_not_sealed"],
            files=unchanged(folder),
        ),
        Case(
            "manifest_other_package",
            "The manifest is of another package (the same folder sealed again, other salts).",
            bundle,
            "invalid",
            "manifest_mismatch",
            genesis,
            folder=folder,
            manifest=records.other_package.to_json(),
        ),
        Case(
            "malformed_manifest",
            "The manifest file is cut off: not JSON.",
            bundle,
            "invalid",
            "malformed_manifest",
            genesis,
            folder=folder,
            manifest=json.dumps(manifest, ensure_ascii=False).encode()[:200],
        ),
        Case(
            "sm3_package",
            "The chat record sealed with SM3 file hashes.",
            records.bundle(records.sm3_package.entry),
            "valid",
            "ok",
            genesis,
            folder=folder,
            manifest=records.sm3_package.to_json(),
            files=unchanged(folder),
        ),
        Case(
            "package_file_alone",
            "One file of a package, without manifest or disclosure: it cannot be checked yet.",
            bundle,
            "incomplete",
            "package_needs_manifest",
            genesis,
            ("我的个人信息页.png", folder[OWNER_PROFILE]),
        ),
    ]


def _disclosure_cases(records: _Records, genesis: Genesis) -> list[Case]:
    folder, package = evidence_folder(), records.package
    bundle = records.bundle(package.entry)
    disclosure = disclose(package, OWNER_PROFILE)
    other_file = ("对方个人信息页_微信号.png", folder[COUNTERPARTY_PROFILE])
    malformed = {**disclosure, "format": "cunzheng-disclosure/v0"}
    return [
        Case(
            "disclosure_valid",
            "One screenshot of the package, with its disclosure: the other files stay private.",
            bundle,
            "valid",
            "ok",
            genesis,
            ("我的个人信息页.png", folder[OWNER_PROFILE]),
            disclosure=disclosure,
        ),
        Case(
            "disclosure_wrong_file",
            "The disclosure of the owner's profile page, given with the counterparty's.",
            bundle,
            "invalid",
            "disclosure_invalid",
            genesis,
            other_file,
            disclosure=disclosure,
        ),
        Case(
            "malformed_disclosure",
            "The disclosure is of an unknown format.",
            bundle,
            "invalid",
            "malformed_disclosure",
            genesis,
            ("我的个人信息页.png", folder[OWNER_PROFILE]),
            disclosure=malformed,
        ),
    ]


def _governance_cases(genesis: Genesis, bundle: dict[str, Any]) -> list[Case]:
    stripped = _copy(bundle)
    stripped["chain"]["governance"] = []
    weakened = _copy(bundle)
    item = weakened["chain"]["governance"][0]
    proposal = Proposal.of_entry(Entry.decode(bytes.fromhex(item["leaf"])))
    two_signatures = dict(list(proposal.signatures.items())[:2])
    item["leaf"] = Proposal(proposal.change, two_signatures).entry().encode().hex()
    return [
        Case(
            "governance_change",
            "A notary was added by a governance entry before the "
            "block; the set of five is checked from the genesis of four.",
            bundle,
            "valid",
            "ok",
            genesis,
        ),
        Case(
            "validators_mismatch",
            "The governance entry was removed: the five notaries "
            "the bundle names are not what its genesis puts in force.",
            stripped,
            "invalid",
            "validators_mismatch",
            genesis,
        ),
        Case(
            "governance_invalid",
            "The governance entry keeps only two of four signatures: no quorum made the change.",
            weakened,
            "invalid",
            "governance_invalid",
            genesis,
        ),
    ]


def cases(work: Path) -> list[Case]:
    """Every case, built in the scratch folder `work` (chains, sealed folders)."""
    with _records(work) as records:
        genesis = records.chain.genesis
        built = [
            *_package_cases(records, genesis),
            *_disclosure_cases(records, genesis),
        ]
        refreshed = _refreshed(records)
        built += _file_cases(records, genesis, refreshed)
    built += _governance_cases(*_governed_bundles(work))
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
