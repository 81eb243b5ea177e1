"""The verification web page: static files served at `/`, and the offline verifier at
`/verifier.html` (docs/web-page.md, "The Content-Security-Policy (node/api/web.py)").

The page hashes a file in the browser and checks its proof bundle there; this module only
serves the files. Every response carries a strict Content-Security-Policy (no inline script,
nothing from other origins), so a node that is compromised elsewhere cannot be made to serve
the page with a third-party script through it. The page and the offline verifier carry the
node's genesis as their trust anchor. See docs/web-page.md.
"""

from pathlib import Path

from aiohttp import hdrs, web
from aiohttp.helpers import ETAG_ANY

from cunzheng.ledger.validators import Genesis
from cunzheng.node.api.compression import CompressedFiles, accepts_gzip, gzip_bytes
from cunzheng.node.api.offline_page import STATIC_DIR, offline_verifier, page_with_trust_anchor

VENDOR_PREFIX = "vendor/"

# default-src 'self' already forbids inline script and eval; the rest narrows what 'self'
# leaves open (plugins, <base>, framing for clickjacking, form posts). 'wasm-unsafe-eval'
# lets the page compile WebAssembly (hash-wasm: SHA-256, SM3, SHA-512 of evidence files)
# and nothing else: JavaScript eval and new Function stay forbidden (docs/web-page.md).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Vendored files live under a versioned path and never change in place; the page's own files
# change with each release, so browsers revalidate them (ETag / Last-Modified) on every load.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# Only these kinds are served; "text/javascript" is what browsers require of ES modules
# (RFC 9239). LICENSE files have no extension.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".md": "text/plain; charset=utf-8",
    "": "text/plain; charset=utf-8",
}


# Text is sent gzip-compressed to a browser that accepts it (compression.py); images are
# compressed already. Every text response says Vary: Accept-Encoding, compressed or not, so
# that no cache hands one form to a client that asked for the other.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".md", ""}
COMPRESSED_FILES = web.AppKey("compressed_files", CompressedFiles)


def _wants_gzip(request: web.Request) -> bool:
    # A range is of the file's bytes; a range of a compressed stream would be another thing.
    return hdrs.RANGE not in request.headers and accepts_gzip(
        request.headers.get(hdrs.ACCEPT_ENCODING, "")
    )


def _file_headers(path: Path, cache_control: str) -> dict[str, str]:
    headers = {**SECURITY_HEADERS, "Cache-Control": cache_control}
    headers["Content-Type"] = CONTENT_TYPES[path.suffix]
    if path.suffix in COMPRESSIBLE:
        headers[hdrs.VARY] = hdrs.ACCEPT_ENCODING
    return headers


async def _file_response(
    request: web.Request, path: Path, cache_control: str
) -> web.StreamResponse:
    """The file as it is (aiohttp answers conditional and range requests), or its gzip form
    with its own entity tag, answered 304 when the browser's copy is that form."""
    headers = _file_headers(path, cache_control)
    if path.suffix not in COMPRESSIBLE or not _wants_gzip(request):
        return web.FileResponse(path, headers=headers)
    compressed = await request.app[COMPRESSED_FILES].get(path)
    headers[hdrs.ETAG] = f'"{compressed.etag}"'
    if any(tag.value in (compressed.etag, ETAG_ANY) for tag in request.if_none_match or ()):
        return web.Response(status=304, headers=headers)
    headers[hdrs.CONTENT_ENCODING] = "gzip"
    return web.Response(body=compressed.body, headers=headers)


def static_file(relative: str) -> Path | None:
    """The file under STATIC_DIR that `relative` names, or None if it is not one we serve.

    Refuses paths that leave STATIC_DIR (`..`, absolute paths, symlinks pointing out), hidden
    files, directories and extensions outside CONTENT_TYPES. Never raises.
    """
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    parts = relative.split("/")
    if any(not part or part.startswith(".") for part in parts):
        return None
    try:
        path = (STATIC_DIR / relative).resolve()
    except (OSError, RuntimeError):
        return None
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        return None
    if path.suffix not in CONTENT_TYPES:
        return None
    return path


async def get_static(request: web.Request) -> web.StreamResponse:
    """A file of the page (scripts, style, vendored libraries); 404 for anything else."""
    relative = request.match_info["path"]
    path = static_file(relative)
    if path is None:
        raise web.HTTPNotFound(reason=f"no static file {relative!r}")
    cache = IMMUTABLE if relative.startswith(VENDOR_PREFIX) else REVALIDATE
    return await _file_response(request, path, cache)


class _Page:
    """A page built once, as UTF-8 and gzip-compressed."""

    def __init__(self, html: str, policy: str) -> None:
        self.body = html.encode("utf-8")
        self.compressed = gzip_bytes(self.body)
        self.policy = policy

    def response(self, request: web.Request) -> web.Response:
        headers = {**SECURITY_HEADERS, "Content-Security-Policy": self.policy}
        headers |= {"Cache-Control": REVALIDATE, hdrs.VARY: hdrs.ACCEPT_ENCODING}
        headers["Content-Type"] = "text/html; charset=utf-8"
        if _wants_gzip(request):
            headers[hdrs.CONTENT_ENCODING] = "gzip"
            return web.Response(body=self.compressed, headers=headers)
        return web.Response(body=self.body, headers=headers)


def add_web_routes(app: web.Application, genesis: Genesis | None = None) -> None:
    """Serve the verification page at `/`, its files under `/static/`, and the offline
    verifier at `/verifier.html`, both trusting `genesis` (the node's) when given.

    Both pages are built here, once: raises OSError or ValueError when the page's files are
    missing or broken (the node then does not start with a page that cannot work).
    """
    html = page_with_trust_anchor((STATIC_DIR / "index.html").read_text("utf-8"), genesis)
    index = _Page(html, CONTENT_SECURITY_POLICY)
    verifier = offline_verifier(genesis)
    # The offline verifier's own policy (in its <meta> tag) allows its inline module and
    # style by hash; the node sends that policy, and forbids framing it.
    offline = _Page(verifier.html, f"{verifier.policy}; frame-ancestors 'none'")
    app[COMPRESSED_FILES] = CompressedFiles()

    async def get_index(request: web.Request) -> web.Response:
        """The verification page itself."""
        return index.response(request)

    async def get_verifier(request: web.Request) -> web.Response:
        """The offline verifier, one self-contained file trusting this node's genesis."""
        return offline.response(request)

    app.router.add_get("/", get_index)
    app.router.add_get("/verifier.html", get_verifier)
    app.router.add_get("/static/{path:.+}", get_static)
