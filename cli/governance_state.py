"""A chain's validator sets as a node's `GET /v1/status` reports them, for the governance
commands (cli/governance_cmd.py)."""

from dataclasses import dataclass

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import BadNodeAnswer, NodeClient
from cunzheng.cli.i18n import CliError, Message
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.fields import check_int
from cunzheng.ledger.governance import Change, ValidatorHistory
from cunzheng.ledger.validators import ValidatorSet


@dataclass(frozen=True, slots=True)
class ChainState:
    """What a node's `GET /v1/status` says about its chain and validator sets."""

    node: str
    chain_id: str
    height: int
    history: ValidatorHistory

    def set_named(self, change: Change) -> ValidatorSet:
        """The validator set the change names (by validators_hash).

        Raises CliError for a change of another chain or of a set the node does not know.
        """
        if change.chain_id != self.chain_id:
            raise CliError(
                "gov_other_chain",
                proposal_chain=change.chain_id,
                node=self.node,
                chain=self.chain_id,
            )
        for epoch in reversed(self.history.epochs):
            if epoch.validators.hash() == change.validators_hash:
                return epoch.validators
        raise CliError(
            "gov_unknown_set",
            chain=self.chain_id,
            node=self.node,
            validators_hash=change.validators_hash.hex()[:16],
        )


def fetch_chain_state(client: NodeClient) -> ChainState:
    """The chain id, height and validator history a node reports.

    Raises BadNodeAnswer when its status lacks them or they do not check out, and what
    NodeClient.get_json raises.
    """
    answer = client.get_json("/v1/status")
    try:
        chain_id, height = answer["chain_id"], answer["height"]
        check_int(height, "height")
        if not isinstance(chain_id, str):
            raise DecodeError("chain_id must be a string")
        history = ValidatorHistory.from_json(chain_id, answer["validator_history"])
    except (KeyError, TypeError, ValueError, LedgerError) as err:
        raise BadNodeAnswer(
            "gov_status_unusable", url=client.base_url, error=ErrorText(err)
        ) from err
    return ChainState(client.base_url, chain_id, height, history)


def quorum_power(validators: ValidatorSet) -> int:
    """The least power that is more than 2/3 of the set's total."""
    return 2 * validators.total_power // 3 + 1


def signing_summary(power: int, validators: ValidatorSet) -> Message:
    """E.g. "2 of 4 power signed, more than 2/3 (at least 3) needed"."""
    values = {"power": power, "total": validators.total_power, "quorum": quorum_power(validators)}
    return Message("gov_signing_summary", values)
