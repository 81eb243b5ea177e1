"""Entry chunks: a block's entries stored a group of up to 16 at a time, not one per record.

A block's leaves are cut at its own first leaf, at every multiple of TILE_WIDTH and at its
end, so a chunk never spans two blocks or two tiles and a block of n entries takes about
n / 16 records (docs/storage-and-proofs.md, "Entry chunks"). A chunk is stored under the
index of its first leaf; its value is a msgpack array of the entries' canonical encodings.

Pure functions, no I/O: `ledger/store.py` reads and writes the records.
"""

from collections.abc import Iterator, Sequence

import msgpack

from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.tiles import TILE_WIDTH

CHUNK_WIDTH = TILE_WIDTH  # most entries a chunk holds


def chunk_ranges(first: int, count: int) -> Iterator[tuple[int, int]]:
    """(start, end) leaf ranges of the chunks holding leaves first … first + count - 1."""
    start, end = first, first + count
    while start < end:
        stop = min(end, start - start % CHUNK_WIDTH + CHUNK_WIDTH)
        yield start, stop
        start = stop


def encode_chunk(encodings: Sequence[bytes]) -> bytes:
    """A chunk's stored value: these entry encodings (1 to CHUNK_WIDTH of them)."""
    if not 1 <= len(encodings) <= CHUNK_WIDTH:
        raise ValueError(f"a chunk holds 1 to {CHUNK_WIDTH} entries, got {len(encodings)}")
    return bytes(msgpack.packb(list(encodings), use_bin_type=True))


def decode_chunk(value: bytes) -> list[bytes]:
    """The entry encodings a stored chunk holds; DecodeError if it is not a chunk."""
    try:
        encodings = msgpack.unpackb(value, use_list=True)
    except (ValueError, msgpack.UnpackException) as err:
        raise DecodeError(f"an entry chunk is not msgpack: {err}") from err
    if (
        type(encodings) is not list
        or not 1 <= len(encodings) <= CHUNK_WIDTH
        or any(type(data) is not bytes for data in encodings)
    ):
        raise DecodeError(f"an entry chunk must be an array of 1 to {CHUNK_WIDTH} byte strings")
    return encodings
