"""The catalog of everything the command line says to a person, in English and Chinese.

One module per concern holds its messages; this package merges them into one table, so a
key names one message wherever it is used, and cli/i18n.py's `text` is the one lookup.
"""

from cunzheng.cli.messages import (
    audit,
    certificate,
    click_texts,
    common,
    errors,
    governance,
    node,
    seal,
    submit,
    verify,
)
from cunzheng.cli.messages.translation import Translation

_MODULES = (common, click_texts, errors, verify, certificate, seal, submit, audit, node, governance)


def _merged() -> dict[str, Translation]:
    merged: dict[str, Translation] = {}
    for module in _MODULES:
        repeated = merged.keys() & module.MESSAGES.keys()
        if repeated:
            raise ValueError(f"{module.__name__} repeats message keys {sorted(repeated)}")
        merged.update(module.MESSAGES)
    return merged


MESSAGES: dict[str, Translation] = _merged()
