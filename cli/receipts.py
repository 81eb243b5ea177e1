"""Checking a node's answer to a submission: the results and the signed receipt over their ids.

A receipt is the node's signed promise to include the entries (docs/formats.md, "Receipt"). It is
checked from its canonical `encoding`, not from the JSON fields beside it, since the signature
covers the encoding.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import BadNodeAnswer
from cunzheng.cli.i18n import Language, text
from cunzheng.cli.times import exact_time
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.receipt import Receipt


@dataclass(frozen=True, slots=True)
class ReceiptCheck:
    """A verified receipt, its JSON as the node sent it, and each entry's status in order."""

    receipt: Receipt
    receipt_json: dict[str, Any]
    statuses: tuple[str, ...]

    def in_language(self, language: Language) -> str:
        """One line saying who promised what, and when."""
        count = len(self.receipt.ids)
        return text(
            language,
            "receipt_one" if count == 1 else "receipt_many",
            node_key=self.receipt.node_public_key.hex(),
            chain_id=self.receipt.chain_id,
            count=count,
            time=exact_time(self.receipt.received_ms, language),
        )


def check_receipt(url: str, answer: Any, ids: Sequence[bytes]) -> ReceiptCheck:
    """Check a batch answer `{"results": [{"id", "status"}, …], "receipt"}` against `ids`.

    The results must name `ids` in the order sent, and the receipt must be validly signed
    over exactly those ids. Raises BadNodeAnswer otherwise.
    """
    try:
        results, receipt_json = answer["results"], answer["receipt"]
        receipt = Receipt.decode(bytes.fromhex(receipt_json["encoding"]))
        receipt.verify()
        answered = [result["id"] for result in results]
        statuses = tuple(str(result["status"]) for result in results)
    except (KeyError, TypeError, ValueError, LedgerError) as err:
        raise BadNodeAnswer("receipt_invalid", url=url, error=ErrorText(err)) from err
    expected = [entry_id.hex() for entry_id in ids]
    if answered != expected or [entry_id.hex() for entry_id in receipt.ids] != expected:
        raise BadNodeAnswer("receipt_other_ids", url=url)
    return ReceiptCheck(receipt, receipt_json, statuses)
