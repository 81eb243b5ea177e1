"""Disclosing one file of a sealed package, and checking such a disclosure.

A disclosure (docs/evidence-packages.md) holds one file's PackageFile encoding (path, salt,
size, alg, hash), its index among the package tree's leaves and the RFC 9162 inclusion
proof to the package root; nothing of the other files but sibling hashes, which their salts
make unguessable. A version 2 package's tree also holds the collection record as its last
leaf, so its disclosures count that leaf in `tree_size`; the record itself is not disclosed.
"""

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cunzheng.ledger import merkle
from cunzheng.ledger.errors import DecodeError, ProofError
from cunzheng.ledger.fields import check_fields, check_hex, check_int
from cunzheng.ledger.folder import file_digest
from cunzheng.ledger.hashing import HASH_SIZE
from cunzheng.ledger.manifest import Manifest, PackageFile
from cunzheng.ledger.reasons import checking

DISCLOSURE_FORMAT = "cunzheng-disclosure/v1"


class DisclosureMismatch(ProofError):
    """A disclosure that does not prove the given file to be part of the given package."""

    reason_code = "disclosure_invalid"

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f'disclosure of file "{path}": {reason}')


@dataclass(frozen=True, slots=True)
class Disclosed:
    """A file a disclosure proved part of a package: leaf `leaf_index` of `tree_size`."""

    package_file: PackageFile
    leaf_index: int
    tree_size: int


def disclose(manifest: Manifest, path: str) -> dict[str, Any]:
    """The disclosure of the file at package path `path` (NFC-normalized here), as JSON: its
    PackageFile encoding (`leaf`, readable copy in `file`), `leaf_index` and RFC 9162 inclusion
    proof to the package root. Raises ValueError if no such file is listed, ManifestEdited (a
    ProofError) if the manifest's leaves do not give its recorded root (no disclosure from
    it could verify)."""
    path = unicodedata.normalize("NFC", path)
    files = [item.package_file for item in manifest.files]
    index = next((i for i, file in enumerate(files) if file.path == path), None)
    if index is None:
        raise ValueError(f'"{path}" is not a file of this package; the manifest lists its files')
    manifest.verify_root()
    leaves = manifest.leaf_hashes()
    return {
        "format": DISCLOSURE_FORMAT,
        "file": files[index].to_json(),
        "leaf": files[index].encode().hex(),
        "leaf_index": index,
        "inclusion": {
            "tree_size": len(leaves),
            "root_hash": manifest.entry.digest.hex(),
            "hashes": [h.hex() for h in merkle.inclusion_path_from_leaves(leaves, index)],
        },
    }


def _read_disclosure(disclosure: Any) -> tuple[PackageFile, int, int, bytes, list[bytes]]:
    if not isinstance(disclosure, dict) or disclosure.get("format") != DISCLOSURE_FORMAT:
        raise DecodeError(f"not a {DISCLOSURE_FORMAT} disclosure")
    fields = {"format", "file", "leaf", "leaf_index", "inclusion"}
    check_fields(disclosure, "disclosure", fields, fields)
    disclosed = PackageFile.decode(check_hex(disclosure["leaf"], "leaf") or b"")
    if disclosure["file"] != disclosed.to_json():
        raise DecodeError(
            f'disclosure of file "{disclosed.path}": its "file" fields differ from its leaf '
            "bytes, which are what is proven"
        )
    inclusion = disclosure["inclusion"]
    fields = {"tree_size", "root_hash", "hashes"}
    check_fields(inclusion, "inclusion", fields, fields)
    check_int(disclosure["leaf_index"], "leaf_index")
    check_int(inclusion["tree_size"], "tree_size")
    if not isinstance(inclusion["hashes"], list):
        raise DecodeError("disclosure inclusion hashes must be a list of hex strings")
    hashes = [check_hex(value, "inclusion hash", HASH_SIZE) or b"" for value in inclusion["hashes"]]
    root = check_hex(inclusion["root_hash"], "root_hash", HASH_SIZE) or b""
    return disclosed, disclosure["leaf_index"], inclusion["tree_size"], root, hashes


def verify_disclosure(disclosure: Any, package_root: bytes, file_path: Path) -> Disclosed:
    """Check that the file at `file_path` is the file `disclosure` reveals of the package
    with root `package_root` (take it from a checked proof bundle's Entry); return it.

    Checked in this order: the disclosure is well formed (else a LedgerError with reason
    malformed_disclosure); it is for this package root; the file's name is the last segment
    of the disclosed path (NFC); the leaf at its index and its inclusion proof give the
    root; the file's size and hash (with the disclosed alg) are the disclosed ones. Raises
    DisclosureMismatch naming the file for each failure, OSError when the file cannot be
    read.
    """
    with checking("malformed_disclosure"):
        disclosed, leaf_index, tree_size, root, hashes = _read_disclosure(disclosure)
    path, name = disclosed.path, disclosed.path.rsplit("/", 1)[-1]
    if root != package_root:
        raise DisclosureMismatch(
            path,
            f"it is for the package with root {root.hex()}, but the proof bundle proves "
            f"{package_root.hex()}: it belongs to another package, or the record is no package",
        )
    if unicodedata.normalize("NFC", file_path.name) != name:
        raise DisclosureMismatch(path, f'the file given is "{file_path.name}", not "{name}"')
    try:
        merkle.verify_inclusion(leaf_index, tree_size, disclosed.leaf_hash(), hashes, root)
    except ProofError as err:
        raise DisclosureMismatch(
            path,
            f"its leaf (index {leaf_index} of {tree_size}) and inclusion proof do not lead to "
            "the package root: its path, salt, size, hash or index was altered",
        ) from err
    # resolve(): a link the user names is followed; file_digest follows none itself.
    digest, size = file_digest(file_path.resolve(), disclosed.alg, lambda _count: None)
    if (digest, size) != (disclosed.file_hash, disclosed.size):
        raise DisclosureMismatch(
            path,
            f'file "{file_path}" has {size} bytes and {disclosed.alg} {digest.hex()}; the '
            f"disclosure holds {disclosed.size} bytes and {disclosed.file_hash.hex()}: it is "
            "not the disclosed file, or it was changed",
        )
    return Disclosed(disclosed, leaf_index, tree_size)
