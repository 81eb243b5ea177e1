"""The verification web page: static files served at `/`, and the offline verifier at
`/verifier.html` (docs/web-page.md, "The Content-Security-Policy (node/api/web.py)").

The page hashes a file in the browser and checks its proof bundle there; this module only
serves the files. Every response carries a strict Content-Security-Policy (no inline script,
nothing from other origins), so a node that is compromised elsewhere cannot be made to serve
the page with a third-party script through it. The page and the offline verifier carry the
node's genesis as their trust anchor. See docs/web-page.md.
"""

from pathlib import Path

from aiohttp import web

from cunzheng.ledger.validators import Genesis
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


def _file_response(path: Path, cache_control: str) -> web.FileResponse:
    content_type = CONTENT_TYPES[path.suffix]
    headers = {**SECURITY_HEADERS, "Cache-Control": cache_control, "Content-Type": content_type}
    return web.FileResponse(path, headers=headers)


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


async def get_static(request: web.Request) -> web.FileResponse:
    """A file of the page (scripts, style, vendored libraries); 404 for anything else."""
    relative = request.match_info["path"]
    path = static_file(relative)
    if path is None:
        raise web.HTTPNotFound(reason=f"no static file {relative!r}")
    cache = IMMUTABLE if relative.startswith(VENDOR_PREFIX) else REVALIDATE
    return _file_response(path, cache)


def _page_response(html: str, policy: str) -> web.Response:
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": policy, "Cache-Control": REVALIDATE}
    return web.Response(text=html, content_type="text/html", charset="utf-8", headers=headers)


def add_web_routes(app: web.Application, genesis: Genesis | None = None) -> None:
    """Serve the verification page at `/`, its files under `/static/`, and the offline
    verifier at `/verifier.html`, both trusting `genesis` (the node's) when given.

    Both pages are built here, once: raises OSError or ValueError when the page's files are
    missing or broken (the node then does not start with a page that cannot work).
    """
    index = page_with_trust_anchor((STATIC_DIR / "index.html").read_text("utf-8"), genesis)
    verifier = offline_verifier(genesis)
    # The offline verifier's own policy (in its <meta> tag) allows its inline module and
    # style by hash; the node sends that policy, and forbids framing it.
    verifier_policy = f"{verifier.policy}; frame-ancestors 'none'"

    async def get_index(request: web.Request) -> web.Response:
        """The verification page itself."""
        return _page_response(index, CONTENT_SECURITY_POLICY)

    async def get_verifier(request: web.Request) -> web.Response:
        """The offline verifier, one self-contained file trusting this node's genesis."""
        return _page_response(verifier.html, verifier_policy)

    app.router.add_get("/", get_index)
    app.router.add_get("/verifier.html", get_verifier)
    app.router.add_get("/static/{path:.+}", get_static)
