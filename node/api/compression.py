"""gzip for the page's text (docs/web-page.md, "Keeping the page light").

The page's modules are about 0.6 MB as written and a third of that gzip-compressed, which a
phone on a slow network feels. Each text file is compressed once per version of the file (its
modification time and size), at the highest level, and kept: the page's files are few, and
compressing the same bytes for every page load would cost the node for nothing. A compressed
response has its own entity tag (RFC 9110 §8.8.3: two representations, two validators), so
a browser revalidating it gets 304 exactly when its copy is current.
"""

import asyncio
import gzip
import os
from dataclasses import dataclass
from pathlib import Path

GZIP_LEVEL = 9
# Only these codings name gzip (RFC 9110 §8.4.1.3); "*" stands for any coding not listed.
GZIP_NAMES = ("gzip", "x-gzip")


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding field value (RFC 9110 §12.5.3) allows gzip: gzip (or
    x-gzip) listed with a weight above 0, or, when neither is listed, "*" with one. A weight
    that is no number counts as 0. Never raises."""
    weights: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        coding, *parameters = (part.strip() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding] = weight
    named = [weights[name] for name in GZIP_NAMES if name in weights]
    if named:
        return max(named) > 0
    return weights.get("*", 0.0) > 0


def gzip_bytes(data: bytes) -> bytes:
    """`data` gzip-compressed, the same bytes for the same data (no time in the header)."""
    return gzip.compress(data, GZIP_LEVEL, mtime=0)


@dataclass(frozen=True, slots=True)
class CompressedFile:
    """A file's gzip form and the version of the file it was made from."""

    version: str  # "<mtime in ns, hex>-<size, hex>", as aiohttp's FileResponse tags a file
    body: bytes

    @property
    def etag(self) -> str:
        """The compressed form's entity tag value (without quotes): not the file's own."""
        return f"{self.version}-gzip"


def _version(stat: os.stat_result) -> str:
    return f"{stat.st_mtime_ns:x}-{stat.st_size:x}"


def _compressed(path: Path) -> CompressedFile:
    with path.open("rb") as file:
        # The version of the bytes read, not of whatever the path holds a moment later.
        version = _version(os.fstat(file.fileno()))
        return CompressedFile(version, gzip_bytes(file.read()))


class CompressedFiles:
    """The gzip form of each file asked for, made again when the file changes."""

    def __init__(self) -> None:
        self._files: dict[Path, CompressedFile] = {}

    async def get(self, path: Path) -> CompressedFile:
        """The gzip form of the file at `path`, compressed in a thread when it is new or has
        changed. Raises OSError when the file cannot be read."""
        found = self._files.get(path)
        if found is None or found.version != _version(path.stat()):
            found = await asyncio.to_thread(_compressed, path)
            self._files[path] = found
        return found
