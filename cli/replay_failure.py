"""A block that fails a check the command line makes itself while reading a ledger (a source
that stops short, a package whose last block is not the one its manifest names), worded in
the catalog so that it says itself in either language."""

from cunzheng.cli.error_text import ErrorText, check_name
from cunzheng.cli.i18n import Language, Message, text
from cunzheng.ledger.replay import ReplayError


class ReplayFailure(ReplayError):
    """A ReplayError (same height, check and English message) that also says itself in
    Chinese. `reason` is a sentence (Message), or the error of a source that could not
    give the block at all (ErrorText, with check "source")."""

    def __init__(self, height: int, check: str, reason: Message | ErrorText) -> None:
        self.reason = reason
        super().__init__(height, check, reason.in_language("en"))

    def in_language(self, language: Language) -> str:
        """Which block failed which check, and why, in `language` (in English: str(self))."""
        if isinstance(self.reason, ErrorText):
            return text(language, "audit_source_failed", height=self.height, error=self.reason)
        check = check_name(self)
        return text(
            language, "audit_block_failed", height=self.height, check=check, reason=self.reason
        )
