"""`cunzheng seal` and `cunzheng disclose`: evidence packages (docs/evidence-packages.md).

`seal` hashes a folder's files locally (leaving out the files an operating system adds by
itself, and saying so), seals the collection record stated on the command line with them,
warns about what courts expect of a chat record and the folder lacks, and writes the
manifest; with --node it submits the package Entry alone (no file, name or file hash leaves
the machine), as `cunzheng submit --manifest` does later. The manifest is fsynced before
anything is sent: it holds the only copy of the salts, without which no file can ever be
disclosed. Language: cli/i18n.py's (LANG, --lang); the court warnings' words are in _TEXTS.
"""

import os
import unicodedata
from pathlib import Path

import click

from cunzheng.cli.filehash import new_hash
from cunzheng.cli.http import check_node_url, commit_timeout_option
from cunzheng.cli.i18n import Language, lang_option, resolve_language, text
from cunzheng.cli.package_submission import load_manifest, submit_package
from cunzheng.cli.progress import hashing_progress
from cunzheng.ledger.collection import CollectionRecord
from cunzheng.ledger.disclosure import disclose
from cunzheng.ledger.errors import DecodeError, LedgerError, ProofError
from cunzheng.ledger.json_files import write_json_file
from cunzheng.ledger.manifest import (
    FILE_ALGS,
    ROLES,
    CourtWarning,
    court_warnings,
    write_manifest,
)
from cunzheng.ledger.package import SealedFolder, seal_directory

_FILE = click.Path(dir_okay=False, path_type=Path)
# (English, Chinese) for each court warning of ledger/manifest.py, and each message here.
_TEXTS: dict[str, tuple[str, str]] = {
    "missing_owner_profile": (
        "no page showing the owner's own WeChat profile (Me > Settings > Account): courts ask "
        "who holds the account that kept this record",
        "缺少本人微信个人信息页（我 > 设置 > 账号与安全）：法院会问保存这份记录的账号归谁",
    ),
    "missing_counterparty_profile": (
        "no profile page of the counterparty showing their WeChat ID (which cannot be changed), "
        "phone number and avatar: it ties the chat to the other party",
        "缺少对方个人信息页（须显示对方不可更改的微信号、手机号和头像）：用以证明聊天对象是谁",
    ),
    "missing_conversation": (
        "no record of the continuous conversation: courts want the complete chat of the "
        "period, not selected excerpts",
        "缺少完整连续的聊天记录：法院要求相关期间的完整对话，而不是节选",
    ),
    "missing_screen_recording": (
        "no screen recording of the collection: filming the whole collection as it happens "
        "shows the copy is faithful to the original phone or PC",
        "缺少取证过程录屏：同步录下整个取证过程，可证明副本忠实于原始载体（手机或电脑）",
    ),
    "voice_without_transcript": (
        'voice message "{path}" has no transcript: courts ask for voice messages in writing '
        '(name it like "{stem}_文字.txt")',
        '语音 "{path}" 没有文字稿：法院通常要求语音附文字整理（可命名为 "{stem}_文字.txt"）',
    ),
    "warning": ("Warning: {text}.", "提醒：{text}。"),
    "disclosed": (
        'Disclosure of "{path}" (file {position} of {count}) written to {out}. Give it with '
        "that file and the package's proof bundle; it reveals nothing of the other files.",
        '已将 "{path}"（共 {count} 个文件中的第 {position} 个）的披露文件写入 {out}。请连同该'
        "文件和证据包的证明文件一并提交；它不会泄露其他文件的任何信息。",
    ),
}


def _say(language: Language, key: str, **values: object) -> str:
    english, chinese = _TEXTS[key]
    return (chinese if language == "zh" else english).format(**values)


def warning_text(warning: CourtWarning, language: Language) -> str:
    """A court warning of ledger.manifest.court_warnings, as a person reads it."""
    stem = "" if warning.path is None else Path(warning.path).stem
    return _say(language, warning.code, path=warning.path, stem=stem)


def parse_roles(values: tuple[str, ...]) -> dict[str, str]:
    """`--role PATH=ROLE` options as {NFC path: role}; the last "=" separates the role.

    Raises click.BadParameter for a value without "=", an unknown ROLE, or a PATH given twice.
    """
    roles: dict[str, str] = {}
    for value in values:
        path, equals, role = value.rpartition("=")
        path = unicodedata.normalize("NFC", path)
        if not equals or not path or role not in ROLES or path in roles:
            raise click.BadParameter(
                f"{value!r}: give PATH=ROLE, each PATH once, ROLE one of {', '.join(ROLES)}",
                param_hint="--role",
            )
        roles[path] = role
    return roles


def _check_out(out: Path, directory: Path) -> None:
    if out.exists():
        raise click.UsageError(
            f"{out} exists. A manifest holds the only copy of its files' salts, so seal never "
            "replaces one: choose another --out, or move the old manifest away first."
        )
    if not out.parent.is_dir():
        raise click.UsageError(f"--out: folder {out.parent} does not exist")
    if out.resolve().is_relative_to(directory.resolve()):
        raise click.UsageError(
            f"--out {out} is inside {directory}: the manifest would become a file of the folder "
            "it seals. Write it beside the folder instead."
        )


def _seal(
    directory: Path, alg: str, collection: CollectionRecord, roles: dict[str, str]
) -> SealedFolder:
    new_hash(alg)  # says plainly, before any reading, if this Python has no SM3
    with hashing_progress() as report:
        try:
            return seal_directory(
                directory,
                alg=alg,
                salt_source=os.urandom,
                collection=collection,
                roles=roles,
                progress=report,
            )
        except LedgerError as err:
            raise click.ClickException(str(err)) from err


def _collection(steps: tuple[str, ...], **stated: str | None) -> CollectionRecord:
    try:
        return CollectionRecord(None, **stated, steps=steps)
    except DecodeError as err:
        raise click.UsageError(str(err)) from err


@click.command("seal")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", required=True, type=_FILE, help="New manifest file, outside DIRECTORY.")
@click.option("--alg", type=click.Choice(FILE_ALGS), default="sha256", show_default=True)
@click.option("--operator", help="Who collected the evidence.")
@click.option("--device", help="The phone or PC it came from (model, serial number).")
@click.option("--app", help='The app that held it, e.g. "微信".')
@click.option("--app-version", help="That app's version.")
@click.option("--started", metavar="TIME", help="Collection start, e.g. 2026-11-20T14:30+08:00.")
@click.option("--ended", metavar="TIME", help="Collection end, in the same form.")
@click.option("--method", help="How the evidence was collected, in a sentence.")
@click.option("--step", "steps", multiple=True, help="One step of the collection; repeatable.")
@click.option(
    "--role",
    "role_values",
    multiple=True,
    metavar="PATH=ROLE",
    help=f"Role of a file (PATH within DIRECTORY): {', '.join(ROLES)}. Default: guessed from "
    "its name (ledger/manifest.py, ROLE_PATTERNS).",
)
@click.option(
    "--node",
    metavar="URL",
    callback=lambda _context, _param, value: None if value is None else check_node_url(value),
    help="Submit the package entry (only its root and file count) to this node.",
)
@click.option("--wait/--no-wait", default=True, show_default=True, help="Wait for the proof.")
@commit_timeout_option
@lang_option
def seal_command(
    directory: Path,
    out: Path,
    alg: str,
    steps: tuple[str, ...],
    role_values: tuple[str, ...],
    node: str | None,
    wait: bool,
    timeout: float,
    lang: str | None,
    **stated: str | None,
) -> None:
    """Seal every file of DIRECTORY into an evidence package and write its manifest.

    Files the operating system adds (.DS_Store, Thumbs.db, desktop.ini, ._*) are left out.
    With --node, submit the package entry and (--wait) save its checked proof bundle beside
    the manifest as <MANIFEST stem>.bundle.json; without, submit it later with
    `cunzheng submit --node URL --manifest MANIFEST`.
    """
    language = resolve_language(lang)
    _check_out(out, directory)
    collection = _collection(steps, **stated)
    sealed = _seal(directory, alg, collection, parse_roles(role_values))
    manifest = sealed.manifest
    if sealed.left_out:
        paths = text(language, "list_separator").join(sealed.left_out)
        click.echo(text(language, "left_out", count=len(sealed.left_out), paths=paths), err=True)
    for warning in court_warnings(manifest):
        click.echo(_say(language, "warning", text=warning_text(warning, language)), err=True)
    try:
        write_manifest(out, manifest)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror or err}") from err
    size = sum(item.package_file.size for item in manifest.files)
    entry_id, root = manifest.entry.leaf_hash().hex(), manifest.entry.digest.hex()
    values = {"count": len(manifest.files), "size": size, "root": root, "entry_id": entry_id}
    click.echo(text(language, "sealed", directory=directory, out=out, **values))
    if node is not None:
        submit_package(node, manifest, out, wait, timeout, None, language)


@click.command("disclose")
@click.argument("manifest_path", metavar="MANIFEST", type=_FILE)
@click.argument("path", metavar="PATH")
@click.option("--out", required=True, type=_FILE, help="The disclosure file to write.")
@lang_option
def disclose_command(manifest_path: Path, path: str, out: Path, lang: str | None) -> None:
    """Write the disclosure of one file (PATH, as the manifest lists it) of a sealed package:
    it proves that file part of the package without revealing anything of the others."""
    language = resolve_language(lang)
    manifest = load_manifest(manifest_path, "MANIFEST")
    try:
        disclosure = disclose(manifest, path)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="PATH") from err
    except ProofError as err:
        raise click.ClickException(f"{manifest_path}: {err}") from err
    try:
        write_json_file(out, disclosure)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror or err}") from err
    position, count = disclosure["leaf_index"] + 1, len(manifest.files)
    shown = disclosure["file"]["path"]
    click.echo(_say(language, "disclosed", path=shown, position=position, count=count, out=out))
