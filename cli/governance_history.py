"""The consortium's notary lists and the changes that made them, in words: a change as one
sentence, the history as a table (`cunzheng governance`)."""

from dataclasses import dataclass

from rich.table import Table

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.governance_state import ChainState
from cunzheng.cli.i18n import Language, Listing, Message, text
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.governance import Change, ChangeProposal, Epoch


@dataclass(frozen=True, slots=True)
class ChangeText:
    """A change in words (in English, what Change.describe says)."""

    change: Change

    def in_language(self, language: Language) -> str:
        """What changes, from which height, in `language`."""
        change = self.change
        key, power = change.public_key.hex()[:16], change.power
        what = text(language, f"gov_what_{change.action}", name=change.name, key=key, power=power)
        return text(language, "gov_describe", what=what, height=change.effective_height)


def _change_text(epoch: Epoch, language: Language) -> str:
    if not epoch.entry:
        return text(language, "gov_genesis")
    try:
        change = ChangeProposal.of_entry(Entry.decode(epoch.entry)).change
    except LedgerError as err:
        return text(language, "gov_change_unreadable", error=ErrorText(err))
    return ChangeText(change).in_language(language)


_COLUMNS = ("since", "state", "validators", "committed", "change")


def history_table(state: ChainState, language: Language) -> Table:
    """The validator history as a table, one row per set, oldest first."""
    title = text(language, "gov_history_title", chain_id=state.chain_id, height=state.height)
    table = Table(title=title, title_justify="left")
    for column in _COLUMNS:
        table.add_column(text(language, f"gov_column_{column}"), overflow="fold")
    in_force = state.history.epoch_at(state.height + 1)
    for epoch in state.history.epochs:
        if epoch.since > state.height + 1:
            condition = "gov_state_pending"
        else:
            condition = "gov_state_in_force" if epoch is in_force else "gov_state_past"
        members = Listing(
            tuple(
                Message("gov_member", {"name": v.name, "power": v.power})
                for v in epoch.validators.validators
            )
        )
        table.add_row(
            str(epoch.since),
            text(language, condition),
            members.in_language(language),
            str(epoch.committed_at or "-"),
            _change_text(epoch, language),
        )
    return table
