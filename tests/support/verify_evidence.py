"""Evidence files and proof bundles on disk for the offline `cunzheng verify` tests."""

import json
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.keys import ENTRY_SIGNATURE_TAG
from cunzheng.ledger.validators import Genesis
from tests.support.chain_factory import Chain, build_chain, notary_keys, sample_entry

EVIDENCE_BYTES = b"chat export: 2026-11-20 Zhang San -> Li Si: I will repay 5000 yuan by Friday\n"


@dataclass(frozen=True)
class Evidence:
    """Files on disk for offline verify tests, from a 4-notary chain that 3 notaries signed."""

    directory: Path
    genesis: Genesis
    genesis_path: Path
    file_path: Path  # the evidence file, preserved as entry `file_entry`
    file_entry: Entry
    bundles: dict[str, dict[str, Any]]  # "file", "package", "signed", "bad_signature"

    def write_bundle(self, name: str, bundle: dict[str, Any]) -> Path:
        """Write `bundle` as JSON under a fresh name; return its path."""
        path = self.directory / f"{name}.cunzheng.json"
        path.write_text(json.dumps(bundle), encoding="utf-8")
        return path

    def bundle_copy(self, name: str) -> dict[str, Any]:
        """A deep copy of a stored bundle, to mutate."""
        copied: dict[str, Any] = json.loads(json.dumps(self.bundles[name]))
        return copied


def _signed_entries() -> tuple[Entry, Entry]:
    submitter = notary_keys(1)[0]
    entry = Entry(sha256(b"signed evidence").digest(), kind="chat-export")
    signature = submitter.sign(ENTRY_SIGNATURE_TAG, entry.payload_to_sign(submitter.public_key))
    bad = Entry(sha256(b"badly signed evidence").digest())
    return (
        entry.with_signature(submitter.public_key, signature),
        bad.with_signature(submitter.public_key, signature),
    )


def write_evidence(directory: Path) -> Evidence:
    """The evidence file, a genesis and bundles (of the file, a package root, a signed entry
    and a badly signed one) written into the empty `directory`."""
    file_path = directory / "chat.zip"
    file_path.write_bytes(EVIDENCE_BYTES)
    file_entry = Entry(sha256(EVIDENCE_BYTES).digest())
    package = Entry(sha256(b"package root").digest(), kind="package")
    signed, bad_signature = _signed_entries()
    first = [sample_entry(n) for n in range(3)]
    second = [sample_entry(3), file_entry, package, signed, bad_signature, sample_entry(4)]
    chain: Chain = build_chain(
        directory / "store", [first, second], validators=4, signers=[0, 1, 2]
    )
    try:
        bundles = {
            "file": chain.bundle(file_entry),
            "package": chain.bundle(package),
            "signed": chain.bundle(signed),
            "bad_signature": chain.bundle(bad_signature),
        }
    finally:
        chain.close()
    genesis_path = directory / "genesis.json"
    genesis_path.write_text(chain.genesis.to_file_text(), encoding="utf-8")
    return Evidence(directory, chain.genesis, genesis_path, file_path, file_entry, bundles)
