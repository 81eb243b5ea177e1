"""The ledger's error hierarchy: every failure names what was checked, expected and found.

Where a class lives, by one rule. A failure of the data every part of the ledger handles is
defined here, since any module that handles such data raises it and callers catch it
whatever raised it: bytes (DecodeError), signatures and key files (SignatureError,
KeyFileError), Merkle proofs (ProofError, RootMismatch), the chain (ChainBroken) and the
store (StoreCorrupted). The failure of one procedure is defined in that procedure's module,
beside what raises it, and derives from the class here it narrows, else from LedgerError:
SealError and DisclosureMismatch (a ProofError) in ledger/package.py, GovernanceError in
ledger/governance.py, TimestampError in ledger/timestamp.py, ReplayError in ledger/replay.py,
LedgerRewritten (a ReplayError) in ledger/audit.py. node/ has its own root, NodeError.
"""


class LedgerError(Exception):
    """Root of every error the ledger library raises."""

    # The reason code (docs/verdicts.md) of the verifier's check that raised it: set by the
    # class of an error only one check raises, or by ledger.reasons.checking around a check.
    reason_code: str | None = None


class DecodeError(LedgerError):
    """Bytes or JSON that are not a valid, canonical encoding of a ledger object."""


class SignatureError(LedgerError):
    """A signature that does not verify, or a signer that is not allowed to sign."""


class KeyFileError(LedgerError):
    """A key file that is missing, unreadable, corrupt or too widely readable."""


class ProofError(LedgerError):
    """A Merkle inclusion or consistency proof that does not check out."""


class RootMismatch(ProofError):
    """A proof that is well formed but leads to a different root than the signed one."""

    def __init__(self, *, tree_size: int, expected: bytes, computed: bytes) -> None:
        self.tree_size, self.expected, self.computed = tree_size, expected, computed
        super().__init__(
            f"proof for tree_size={tree_size} yields root {computed.hex()[:16]}, the signed "
            f"root is {expected.hex()[:16]}; fetch the proof again from another notary "
            "before trusting it"
        )


class ChainBroken(LedgerError):
    """Blocks that do not link: wrong height, previous hash, validator set or commit."""


class StoreCorrupted(LedgerError):
    """A LevelDB store whose contents disagree with themselves."""
