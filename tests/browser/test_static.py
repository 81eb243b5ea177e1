"""The page's files as node/api/web.py serves them; no browser needed.

Checks the headers (CSP, content types, caching), that paths cannot leave node/api/static, that
every module the page imports is there (so a missing vendored file fails here, not in a
court), and that node/api/static/vendor/README.md lists each vendored file with its SHA-256.
"""

import gzip
import json
import re
from hashlib import sha256
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from cunzheng.ledger.validators import Genesis
from cunzheng.node.api.compression import accepts_gzip
from cunzheng.node.api.offline_page import offline_verifier
from cunzheng.node.api.web import STATIC_DIR, add_web_routes
from tests.support.chain_factory import make_genesis, notary_keys

VENDOR = STATIC_DIR / "vendor"
# Static `import … from '…'` / `export … from '…'` at the start of a line, import('…'), and
# `new URL('…', import.meta.url)`: a file a module loads by URL (a worker, hash-wasm's builds).
IMPORT = re.compile(
    r"""^(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]"""
    r"""|\bimport\(\s*['"]([^'"]+)['"]\s*\)"""
    r"""|\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)""",
    re.MULTILINE,
)
BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@pytest.fixture
async def client(aiohttp_client) -> TestClient:  # type: ignore[no-untyped-def]
    """A test client of an app that serves only the page."""
    app = web.Application()
    add_web_routes(app)
    result: TestClient = await aiohttp_client(app)
    return result


async def test_the_page_is_served_with_a_strict_policy(client: TestClient) -> None:
    response = await client.get("/")
    assert response.status == 200
    assert response.content_type == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    # WebAssembly may be compiled (hash-wasm); JavaScript eval and inline script may not.
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-cache"
    html = await response.text()
    # A data block (type application/json) is never run; any other inline script would be.
    inline = r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    assert re.findall(inline, html) == [], "inline script"
    assert '<script type="application/json" id="trust-anchor">null</script>' in html
    assert re.findall(r"\son[a-z]+=", html) == [], "inline event handler"


@pytest.mark.parametrize(
    ("path", "content_type", "cache"),
    [
        ("/static/app.js", "text/javascript", "no-cache"),
        ("/static/style.css", "text/css", "no-cache"),
        ("/static/vendor/@noble/hashes@2.4.0/sha2.js", "text/javascript", "immutable"),
        ("/static/vendor/hash-wasm@4.13.0/sm3.umd.min.js", "text/javascript", "immutable"),
        ("/static/hashing/hash-worker.js", "text/javascript", "no-cache"),
        ("/static/vendor/@noble/curves@2.4.0/LICENSE", "text/plain", "immutable"),
    ],
)
async def test_static_files_have_their_content_type_and_caching(
    client: TestClient, path: str, content_type: str, cache: str
) -> None:
    response = await client.get(path)
    assert response.status == 200
    assert response.content_type == content_type
    assert cache in response.headers["Cache-Control"]
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    "path",
    [
        "/static/../web.py",
        "/static/%2e%2e/web.py",
        "/static/vendor/../../web.py",
        "/static/..%2fweb.py",
        "/static/.hidden",
        "/static/vendor",
        "/static/nothing.js",
        "/static/",
    ],
)
async def test_nothing_outside_the_page_is_served(client: TestClient, path: str) -> None:
    response = await client.get(path)
    assert response.status == 404, path


def _imports(path: Path) -> list[str]:
    # Block comments hold JSDoc types, whose import('…') names a declaration, not a module.
    text = BLOCK_COMMENT.sub("", path.read_text("utf-8"))
    return [next(g for g in match.groups() if g) for match in IMPORT.finditer(text)]


def test_every_module_the_page_imports_is_there() -> None:
    html = (STATIC_DIR / "index.html").read_text("utf-8")
    entry = re.findall(r'<script type="module" src="static/([^"]+)"', html)
    assert entry == ["app.js"]
    seen: set[Path] = set()
    # offline.js starts the single file (the offline verifier), bundled by `make bundle`.
    pending = [STATIC_DIR / name for name in [*entry, "offline.js"]]
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        for specifier in _imports(module):
            if specifier.startswith("/static/"):  # in the tests' page.evaluate only
                continue
            assert specifier.startswith("."), f"{module}: bare import {specifier!r}"
            target = (module.parent / specifier).resolve()
            assert target.is_file(), f"{module} imports missing {specifier}"
            assert target.is_relative_to(STATIC_DIR)
            pending.append(target)
    vendored = {p for p in seen if p.is_relative_to(VENDOR)}
    shipped = {p for p in VENDOR.rglob("*") if p.suffix in {".js", ".mjs"}}
    assert shipped == vendored, "vendored modules the page never loads: keep the set small"


def test_the_vendor_readme_lists_every_vendored_file_and_its_hash() -> None:
    readme = (VENDOR / "README.md").read_text("utf-8")
    listed = dict(re.findall(r"^\| `([^`]+)` \| `([0-9a-f]{64})` \|", readme, re.MULTILINE))
    files = {
        str(p.relative_to(VENDOR)): sha256(p.read_bytes()).hexdigest()
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name != "README.md"
    }
    assert listed == files
    for package in [
        "@noble/hashes@2.4.0",
        "@noble/curves@2.4.0",
        "hash-wasm@4.13.0",
        "fflate@0.8.3",
    ]:
        assert (VENDOR / package / "LICENSE").is_file()


async def test_the_node_serves_its_offline_verifier_and_page_with_its_genesis(
    aiohttp_client,  # type: ignore[no-untyped-def]
) -> None:
    genesis = make_genesis(notary_keys(2), publication=None)
    app = web.Application()
    add_web_routes(app, genesis)
    client: TestClient = await aiohttp_client(app)
    verifier = offline_verifier(genesis)
    response = await client.get("/verifier.html")
    assert response.status == 200 and response.content_type == "text/html"
    assert await response.text() == verifier.html
    assert (
        response.headers["Content-Security-Policy"] == f"{verifier.policy}; frame-ancestors 'none'"
    )
    index = await (await client.get("/")).text()
    anchor = re.search(r'<script type="application/json" id="trust-anchor">(.*?)</script>', index)
    assert anchor is not None and Genesis.from_json(json.loads(anchor.group(1))) == genesis


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("gzip, deflate, br, zstd", True),  # Chromium's
        ("GZIP", True),
        ("x-gzip", True),
        ("*", True),
        ("br;q=1.0, gzip;q=0.5", True),
        ("", False),
        ("identity", False),
        ("deflate, br", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000, *", False),
        ("*;q=0", False),
        ("gzip;q=oops", False),
    ],
)
def test_accepts_gzip_reads_accept_encoding_as_rfc_9110_says(value: str, accepted: bool) -> None:
    assert accepts_gzip(value) is accepted


@pytest.mark.parametrize("path", ["/", "/verifier.html", "/static/app.js", "/static/rules.json"])
async def test_text_goes_out_gzip_compressed_to_a_browser_that_accepts_it(
    client: TestClient, path: str
) -> None:
    plain = await client.get(path, headers={"Accept-Encoding": "identity"})
    packed = await client.get(
        path, headers={"Accept-Encoding": "gzip, deflate, br"}, auto_decompress=False
    )
    assert plain.status == packed.status == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    for response in (plain, packed):
        assert response.headers["Vary"] == "Accept-Encoding"
    for header in (
        "Content-Security-Policy",
        "Cache-Control",
        "Content-Type",
        "X-Content-Type-Options",
    ):
        assert packed.headers[header] == plain.headers[header], header
    body = await plain.read()
    compressed = await packed.read()
    assert gzip.decompress(compressed) == body
    assert len(compressed) < len(body)


async def test_a_compressed_file_has_its_own_entity_tag_and_revalidates(client: TestClient) -> None:
    gzipped = {"Accept-Encoding": "gzip"}
    plain = await client.get("/static/style.css", headers={"Accept-Encoding": "identity"})
    packed = await client.get("/static/style.css", headers=gzipped)
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = await client.get(
        "/static/style.css", headers=gzipped | {"If-None-Match": packed.headers["ETag"]}
    )
    assert again.status == 304 and await again.read() == b""
    assert again.headers["Vary"] == "Accept-Encoding"
    assert "Content-Security-Policy" in again.headers
    # The plain file's tag does not match the compressed form: the browser gets it whole.
    other = await client.get(
        "/static/style.css", headers=gzipped | {"If-None-Match": plain.headers["ETag"]}
    )
    assert other.status == 200 and other.headers["Content-Encoding"] == "gzip"


async def test_a_range_is_of_the_file_itself(client: TestClient) -> None:
    response = await client.get(
        "/static/app.js", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"}
    )
    assert response.status == 206 and "Content-Encoding" not in response.headers
    assert await response.read() == (STATIC_DIR / "app.js").read_bytes()[:10]
