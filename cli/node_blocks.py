"""A node's ledger read over its public API: its status, then its blocks page by page."""

from collections.abc import Iterator

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import BadNodeAnswer, NodeClient
from cunzheng.ledger.block import Block, Commit
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import check_hex, check_int

BLOCKS_PER_PAGE = 100  # as GET /v1/blocks serves them at most


def node_status(client: NodeClient) -> tuple[bytes, int]:
    """(genesis hash, height) from the node's GET /v1/status; BadNodeAnswer if malformed."""
    status = client.get_json("/v1/status")
    try:
        genesis_hash = check_hex(status["genesis_hash"], "genesis_hash", 32) or b""
        height = status["height"]
        check_int(height, "height")
    except (TypeError, KeyError, DecodeError) as err:
        raise BadNodeAnswer(
            "node_status_unusable", url=client.base_url, error=ErrorText(err)
        ) from err
    return genesis_hash, height


def fetch_blocks(client: NodeClient, first: int, last: int) -> Iterator[tuple[Block, Commit]]:
    """The node's blocks from `first` up to `last` (or until it has no more), pages of 100.

    Each is decoded, not checked: replay it. Raises DecodeError for a malformed block or
    commit, BadNodeAnswer for a malformed page, NodeUnreachable and NodeRefused.
    """
    height = first
    while height <= last:
        limit = min(BLOCKS_PER_PAGE, last - height + 1)
        answer = client.get_json(f"/v1/blocks?from={height}&limit={limit}")
        items = answer.get("blocks") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise BadNodeAnswer("node_blocks_missing", url=client.base_url)
        if not items:
            return
        for item in items:
            if not isinstance(item, dict):
                raise BadNodeAnswer("node_block_not_object", url=client.base_url)
            block = Block.decode(check_hex(item.get("block"), "block") or b"")
            commit = Commit.decode(check_hex(item.get("commit"), "commit") or b"")
            yield block, commit
            height = block.header.height + 1
