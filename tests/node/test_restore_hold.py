"""A validator restored from an old backup never signs twice (docs/consensus.md, "After a
restore"): four real node processes on 127.0.0.1; validator 3 is backed up, the chain goes on,
node 3 is killed, its data folder lost, the backup restored (with no signing guard record,
or with the one it had when the backup was taken) and node 3 started again."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cunzheng.cli.backup_cmd import backup_command, restore_command
from cunzheng.ledger.block import Commit
from cunzheng.node.restore_mark import MARK_NAME
from tests.support.consortium import COUNT, Consortium, Submitter
from tests.support.processes import eventually, http_json

RESTORED = 3
RELEASED = re.compile(r"restored validator: synced past block (\d+); signing again")


def _signers(consortium: Consortium, height: int) -> set[int]:
    """The validators whose precommits node 0 holds in the commit of block `height`."""
    answer = http_json(f"{consortium.urls[0]}/v1/blocks/{height}")[1]
    commit = Commit.decode(bytes.fromhex(answer["commit"]))
    return {signature.validator_index for signature in commit.signatures}


def _height(consortium: Consortium, index: int) -> int:
    return int(consortium.status(index)["height"])


@pytest.mark.parametrize("guard", ["removed", "old"])
def test_a_validator_restored_from_an_old_backup_never_signs_twice(
    tmp_path: Path, guard: str
) -> None:
    consortium = Consortium(tmp_path)
    home = consortium.homes[RESTORED]
    writer = Submitter(consortium.urls[0], 1_000_000)
    try:
        consortium.start()
        eventually(lambda: all(consortium.ready(i) for i in range(COUNT)), 20, "all ready")
        consortium.submit(0, 0, 20)
        eventually(lambda: _height(consortium, RESTORED) >= 2, 20, "a first block")
        backup = tmp_path / "node-3.tar.gz"
        taken = CliRunner().invoke(
            backup_command, ["--node", consortium.urls[RESTORED], "--out", str(backup)]
        )
        assert taken.exit_code == 0, taken.output
        old_guard = (home / "data" / "signing_guard").read_bytes()

        writer.start()
        backed_up = _height(consortium, RESTORED)
        eventually(lambda: _height(consortium, 0) >= backed_up + 4, 30, "blocks after it")
        consortium.kill(RESTORED)
        killed_at = max(_height(consortium, n) for n in range(RESTORED))
        shutil.rmtree(home / "data")  # the disk is lost; only the backup is left
        restored = CliRunner().invoke(restore_command, [str(backup), "--home", str(home)])
        assert restored.exit_code == 0, restored.output
        assert (home / "data" / MARK_NAME).exists()
        if guard == "old":
            (home / "data" / "signing_guard").write_bytes(old_guard)

        consortium.start(RESTORED)
        eventually(lambda: not (home / "data" / MARK_NAME).exists(), 60, "the hold to end")
        released = RELEASED.search((home / "node.log").read_text("utf-8"))
        assert released is not None
        target = int(released.group(1))
        assert target >= killed_at  # it waited for what the network had committed
        assert _height(consortium, 0) > target  # the others kept committing meanwhile

        def signs_again() -> bool:
            tip = _height(consortium, 0)
            return any(RESTORED in _signers(consortium, h) for h in range(target + 2, tip + 1))

        eventually(signs_again, 30, "node 3's precommits in commits after the hold")
        # What it may have signed before the kill (up to killed_at + 1) met no second vote:
        # no commit up to the end of its hold carries a precommit of it made after the restart.
        for height in range(killed_at + 2, target + 2):
            assert RESTORED not in _signers(consortium, height), height
        for n in range(COUNT):
            assert consortium.status(n)["evidence"]["equivocations"] == 0
            assert http_json(f"{consortium.urls[n]}/v1/evidence")[1]["evidence"] == []
    finally:
        writer.halt.set()
        writer.join(timeout=10)
        consortium.stop()
    assert re.search(r"not signing height=\d+ .*restore hold", (home / "node.log").read_text())
