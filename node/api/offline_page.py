"""The offline verifier and the certificate: one self-contained HTML file each
(docs/web-page.md, "The offline verifier" and "The certificate").

The file is the page's own index.html with everything it loads put inside it: the style
sheet, the page's modules bundled into one module (offline/verifier.js, made by esbuild,
`make bundle`), rules.json, and the hashing worker's source (hash-wasm's three builds, then
offline/hash-worker.js), which the page starts from a Blob URL. A strict policy in a <meta>
tag lets only that module and that style sheet run, by their SHA-256 hashes, and allows no
network access at all, so the file works opened from disk (file://) and cannot send what
it checks anywhere. With a genesis, the genesis is the file's trust anchor.

A certificate is that file with a record in its `record` block (certificate_record,
embed_record); the page's certificate/record.js embeds a record the same way, so `cunzheng
certificate` and the page write the same bytes for the same record.

Both the node (GET /verifier.html) and the CLI (`cunzheng verifier`, `cunzheng certificate`)
build the file with `offline_verifier`; this module needs neither LevelDB nor uvloop.
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cunzheng.ledger.manifest import Manifest
from cunzheng.ledger.validators import Genesis

API_DIR = Path(__file__).resolve().parent
STATIC_DIR = API_DIR / "static"
BUNDLE_DIR = API_DIR / "offline"
HASH_WASM_DIR = STATIC_DIR / "vendor" / "hash-wasm@4.13.0"
HASH_WASM_BUILDS = ("sha256.umd.min.js", "sm3.umd.min.js", "sha512.umd.min.js")

# The parts of index.html the offline file replaces; each must occur exactly once.
ICON = '<link rel="icon" href="static/favicon.svg" type="image/svg+xml">\n'
STYLE_SHEET = '<link rel="stylesheet" href="static/style.css">'
MODULE = '<script type="module" src="static/app.js"></script>\n'
CHARSET = '<meta charset="utf-8">\n'
BODY_END = "</body>"
TRUST_ANCHOR_BLOCK = '<script type="application/json" id="trust-anchor">null</script>'
RECORD_BLOCK = '<script type="application/json" id="record">null</script>'

RECORD_FORMAT = "cunzheng-certificate/v1"
RECORD_FILE_FIELDS = ("path", "role", "size", "alg", "file_hash")


@dataclass(frozen=True, slots=True)
class OfflinePage:
    """The offline verifier's HTML and the Content-Security-Policy its <meta> tag holds
    (GET /verifier.html sends the same policy as a header)."""

    html: str
    policy: str


def data_json(value: Any) -> str:
    """`value` as the JSON of a data block: canonical (keys sorted, no spaces, only `"`, `\\`
    and control characters escaped, as certificate/record.js canonicalJson writes it), and
    every "<" escaped, so that no text in it can end its <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c")


def page_with_trust_anchor(html: str, genesis: Genesis | None) -> str:
    """`html` (index.html's text) with `genesis` in its trust-anchor block; unchanged without.

    Raises ValueError when `html` has no empty trust-anchor block.
    """
    if genesis is None:
        return _replace_once(html, TRUST_ANCHOR_BLOCK, TRUST_ANCHOR_BLOCK)
    block = (
        f'<script type="application/json" id="trust-anchor">{data_json(genesis.to_json())}</script>'
    )
    return _replace_once(html, TRUST_ANCHOR_BLOCK, block)


def offline_verifier(genesis: Genesis | None) -> OfflinePage:
    """The offline verifier, trusting `genesis` when given (the bundle's own notaries, at
    best "unconfirmed", otherwise).

    Reads the page's files from this package. Raises OSError when one is missing (a broken
    install), ValueError when index.html lacks a part it replaces.
    """
    index = (STATIC_DIR / "index.html").read_text("utf-8")
    style = (STATIC_DIR / "style.css").read_text("utf-8")
    script = (BUNDLE_DIR / "verifier.js").read_text("utf-8")
    # hash-wasm's builds first: they put their factories on the worker's globalThis, where
    # hashing/hash-algs.js finds them instead of loading them by URL.
    parts = [HASH_WASM_DIR / name for name in HASH_WASM_BUILDS] + [BUNDLE_DIR / "hash-worker.js"]
    worker = "\n".join(path.read_text("utf-8") for path in parts)
    rules = json.loads((STATIC_DIR / "rules.json").read_text("utf-8"))
    for name, text in (
        ("verifier.js", script),
        ("the hashing worker", worker),
        ("style.css", style),
    ):
        if "</script" in text.lower() or "</style" in text.lower():
            raise ValueError(f"{name} holds a closing tag; it cannot be inlined")
    policy = (
        "default-src 'none'; "
        f"script-src {_source_hash(script)} 'wasm-unsafe-eval'; "
        f"style-src {_source_hash(style)}; "
        "worker-src blob:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    html = page_with_trust_anchor(index, genesis)
    html = _replace_once(
        html, CHARSET, f'{CHARSET}<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
    )
    html = _replace_once(html, ICON, "")
    html = _replace_once(html, STYLE_SHEET, f"<style>{style}</style>")
    html = _replace_once(html, MODULE, "")
    blocks = (
        f'<script type="application/json" id="rules">{data_json(rules)}</script>\n'
        f"{RECORD_BLOCK}\n"
        f'<script type="text/plain" id="hash-worker">{worker}</script>\n'
        f'<script type="module">{script}</script>\n'
    )
    html = _replace_once(html, BODY_END, f"{blocks}{BODY_END}")
    return OfflinePage(html, policy)


def certificate_record(
    bundle: Any, manifest: Manifest | None, page_url: str | None
) -> dict[str, Any]:
    """The record a certificate carries: the proof bundle (its parsed JSON), for a package
    the manifest's files without their salts and its collection record, and the address of
    the node's page its QR code opens (certificate/record.js certificateRecord)."""
    listed = None
    if manifest is not None:
        document = manifest.to_json()
        collection = {k: v for k, v in document["collection"].items() if k != "salt"}
        listed = {
            "manifest_format": document["format"],
            "files": [{k: item[k] for k in RECORD_FILE_FIELDS} for item in document["files"]],
            "collection": collection,
        }
    return {"format": RECORD_FORMAT, "bundle": bundle, "package": listed, "page_url": page_url}


def embed_record(verifier_html: str, record: dict[str, Any]) -> str:
    """The certificate: the offline verifier `verifier_html` with `record` in its record
    block. Raises ValueError when the page has no empty record block."""
    block = f'<script type="application/json" id="record">{data_json(record)}</script>'
    return _replace_once(verifier_html, RECORD_BLOCK, block)


def _source_hash(text: str) -> str:
    # CSP Level 3 §8.4: the hash of an inline block is over its text, UTF-8 encoded.
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _replace_once(text: str, old: str, new: str) -> str:
    count = text.count(old)
    if count != 1:
        raise ValueError(f"expected {old.strip()!r} once in the page, found it {count} times")
    return text.replace(old, new)
