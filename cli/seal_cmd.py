"""`cunzheng seal` and `cunzheng disclose`: evidence packages
(docs/evidence-packages.md, "Sealing a folder").

`seal` hashes a folder's files locally, warns about what courts expect of a chat record and
the folder lacks, and writes the manifest; with --node it submits the package Entry alone (no
file, name or file hash leaves the machine). The manifest is fsynced before anything is sent:
it holds the only copy of the salts, without which no file can ever be disclosed.
`check_package` and `check_disclosure` serve `cunzheng verify --package / --disclosure`.
Language: cli/i18n.py's (LANG, --lang); this module's words are in _TEXTS.
"""

import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from cunzheng.cli.filehash import ALGORITHM_LABELS, new_hash
from cunzheng.cli.http import NodeClient, check_node_url, commit_timeout_option
from cunzheng.cli.i18n import Language, lang_option, resolve_language
from cunzheng.cli.submission import Submission, wait_and_save
from cunzheng.cli.submit_cmd import send
from cunzheng.ledger.bundle import Verdict
from cunzheng.ledger.errors import DecodeError, LedgerError, ProofError
from cunzheng.ledger.manifest import (
    FILE_ALGS,
    ROLES,
    CollectionRecord,
    CourtWarning,
    Manifest,
    court_warnings,
    read_json_file,
    read_manifest,
    write_json_file,
    write_manifest,
)
from cunzheng.ledger.package import (
    Problem,
    SealProgress,
    disclose,
    package_problems,
    seal_directory,
    verify_disclosure,
    verify_manifest_against_verdict,
)

_FILE = click.Path(dir_okay=False, path_type=Path)
# (English, Chinese) for each court warning and problem code of ledger/, and each message here.
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
    "manifest_edited": (
        "the manifest was edited after sealing: its files give package root {actual}, but it "
        "records {expected} (a file's salt, path, size, alg or hash was changed)",
        "清单在封存后被改动：按所列文件算得的证据包根哈希为 {actual}，清单记录的却是 {expected}"
        "（某个文件的盐值、路径、大小、算法或哈希被改过）",
    ),
    "missing": (
        'file "{path}" was sealed but is missing from the folder',
        '文件 "{path}" 已封存，但文件夹中没有',
    ),
    "added": (
        'file "{path}" is in the folder but was not sealed',
        '文件 "{path}" 在文件夹中，但不在封存的证据包内',
    ),
    "size_changed": (
        'file "{path}" was changed after sealing: it has {actual} bytes, {expected} were sealed',
        '文件 "{path}" 在封存后被改动：现有 {actual} 字节，封存时为 {expected} 字节',
    ),
    "hash_changed": (
        'file "{path}" was changed after sealing: its {alg} is {actual}, {expected} was sealed',
        '文件 "{path}" 在封存后被改动：其 {alg} 值为 {actual}，封存时为 {expected}',
    ),
    "not_a_file": (
        '"{path}" was sealed as a file but is now a {actual}',
        '"{path}" 封存时是普通文件，现在却是 {actual}',
    ),
    "unreadable": ('cannot read "{path}": {actual}', '无法读取 "{path}"：{actual}'),
    "warning": ("Warning: {text}.", "提醒：{text}。"),
    "sealed": (
        "Sealed {count} files ({size} bytes) of {directory}.\nPackage root: {root}\nEntry id:"
        "     {entry_id}\nManifest:     {out}\nKeep the manifest: it holds the only copy of the "
        "salts, without which no single file can be disclosed.",
        "已封存 {directory} 中的 {count} 个文件（{size} 字节）。\n证据包根哈希：{root}\n"
        "记录编号：    {entry_id}\n清单：        {out}\n请妥善保管清单：它保存着各文件盐值的唯一"
        "副本，丢失后无法再单独披露任何文件。",
    ),
    "submit_later": (
        "The manifest is saved at {out}. Submit its entry when the node is back (the same "
        "entry, so the same id): cunzheng submit --node URL --digest {root} --kind package "
        "--meta files={count} --wait",
        "清单已保存在 {out}。节点恢复后可提交同一条记录（编号不变）：cunzheng submit --node URL "
        "--digest {root} --kind package --meta files={count} --wait",
    ),
    "submitted": ("Submitted entry {entry_id}: {status}.", "已提交记录 {entry_id}：{status}。"),
    "fetch_later": (
        "Fetch its proof once committed: cunzheng proof --node {node} {entry_id} --out {bundle}",
        "提交后可获取证明：cunzheng proof --node {node} {entry_id} --out {bundle}",
    ),
    "bundle_saved": (
        "Committed in block {height}; proof bundle checked and saved to {bundle}.",
        "已记入第 {height} 号区块；证明文件已验证并保存到 {bundle}。",
    ),
    "disclosed": (
        'Disclosure of "{path}" (file {position} of {count}) written to {out}. Give it with '
        "that file and the package's proof bundle; it reveals nothing of the other files.",
        '已将 "{path}"（共 {count} 个文件中的第 {position} 个）的披露文件写入 {out}。请连同该'
        "文件和证据包的证明文件一并提交；它不会泄露其他文件的任何信息。",
    ),
    "disclosure_valid": (
        'file "{path}" ({size} bytes, {alg} {file_hash}) is file {position} of {count} of the '
        "sealed package with root {root}",
        '文件 "{path}"（{size} 字节，{alg} 值 {file_hash}）是根哈希为 {root} 的证据包中'
        "共 {count} 个文件的第 {position} 个",
    ),
}


def _say(language: Language, key: str, **values: object) -> str:
    english, chinese = _TEXTS[key]
    return (chinese if language == "zh" else english).format(**values)


def warning_text(warning: CourtWarning, language: Language) -> str:
    """A court warning of ledger.manifest.court_warnings, as a person reads it."""
    stem = "" if warning.path is None else Path(warning.path).stem
    return _say(language, warning.code, path=warning.path, stem=stem)


def problem_text(problem: Problem, language: Language) -> str:
    """A problem of ledger.package.package_problems, as a person reads it."""
    values = {"expected": problem.expected, "actual": problem.actual}
    alg = ALGORITHM_LABELS.get(problem.alg or "", problem.alg)
    return _say(language, problem.code, path=problem.path, alg=alg, **values)


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


@contextmanager
def _progress_bar() -> Iterator[SealProgress]:
    # A bar on standard error when it is a terminal; transient, so the results stay readable.
    console = Console(stderr=True)
    bar = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(
        *bar, console=console, transient=True, disable=not console.is_terminal
    ) as progress:
        task = progress.add_task("", total=None)

        def report(path: str, done: int, total: int) -> None:
            progress.update(task, description=path, completed=done, total=total)

        yield report


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


def _submit(
    node: str, manifest: Manifest, out: Path, wait: bool, timeout: float, lang: Language
) -> None:
    entry_id, root = manifest.entry.leaf_hash(), manifest.entry.digest.hex()
    bundle = out.with_name(f"{out.stem}.bundle.json")
    item = Submission(manifest.entry, entry_id, [str(out)], [bundle])
    client = NodeClient(node)
    later = _say(lang, "submit_later", out=out, root=root, count=len(manifest.files))
    try:
        receipts = send(client, [item])
    except click.ClickException as err:
        raise click.ClickException(f"{err.format_message()}\n{later}") from err
    click.echo(_say(lang, "submitted", entry_id=entry_id.hex(), status=item.status))
    click.echo(receipts[0].summary())
    if not wait:
        click.echo(_say(lang, "fetch_later", node=node, entry_id=entry_id.hex(), bundle=bundle))
        return
    wait_and_save(client, [item], timeout, None)
    if item.error is not None:  # accepted, so submitting again later is idempotent
        raise click.ClickException(item.error)
    click.echo(_say(lang, "bundle_saved", height=item.height, bundle=bundle))


def _seal(
    directory: Path, alg: str, collection: CollectionRecord, roles: dict[str, str]
) -> Manifest:
    new_hash(alg)  # says plainly, before any reading, if this Python has no SM3
    with _progress_bar() as report:
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
        return CollectionRecord(**stated, steps=steps)
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

    With --node, submit the package entry and (--wait) save its checked proof bundle beside
    the manifest as <MANIFEST stem>.bundle.json.
    """
    language = resolve_language(lang)
    _check_out(out, directory)
    collection = _collection(steps, **stated)
    manifest = _seal(directory, alg, collection, parse_roles(role_values))
    for warning in court_warnings(manifest):
        click.echo(_say(language, "warning", text=warning_text(warning, language)), err=True)
    try:
        write_manifest(out, manifest)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror or err}") from err
    size = sum(item.package_file.size for item in manifest.files)
    entry_id, root = manifest.entry.leaf_hash().hex(), manifest.entry.digest.hex()
    values = {"count": len(manifest.files), "size": size, "root": root, "entry_id": entry_id}
    click.echo(_say(language, "sealed", directory=directory, out=out, **values))
    if node is not None:
        _submit(node, manifest, out, wait, timeout, language)


def _load_manifest(path: Path) -> Manifest:
    try:
        return read_manifest(path)
    except OSError as err:
        raise click.ClickException(f"cannot read {path}: {err.strerror or err}") from err


@click.command("disclose")
@click.argument("manifest_path", metavar="MANIFEST", type=_FILE)
@click.argument("path", metavar="PATH")
@click.option("--out", required=True, type=_FILE, help="The disclosure file to write.")
@lang_option
def disclose_command(manifest_path: Path, path: str, out: Path, lang: str | None) -> None:
    """Write the disclosure of one file (PATH, as the manifest lists it) of a sealed package:
    it proves that file part of the package without revealing anything of the others."""
    language = resolve_language(lang)
    try:
        manifest = _load_manifest(manifest_path)
    except DecodeError as err:
        raise click.ClickException(f"{manifest_path}: {err}") from err
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


def check_package(
    verdict: Verdict, manifest_path: Path, directory: Path, language: Language = "en"
) -> list[str]:
    """How the folder `directory` differs from the package of the manifest at
    `manifest_path`, which the checked bundle behind `verdict` must prove; [] if it is
    exactly what was sealed. Hashes every file (a progress bar shows on a terminal).

    Raises DecodeError for a malformed manifest, ProofError if the bundle proves another
    record, click.ClickException if the manifest cannot be read.
    """
    manifest = _load_manifest(manifest_path)
    verify_manifest_against_verdict(manifest, verdict)
    with _progress_bar() as report:
        problems = package_problems(manifest, directory, report)
    return [problem_text(problem, language) for problem in problems]


def check_disclosure(
    verdict: Verdict, disclosure_path: Path, file_path: Path, language: Language = "en"
) -> str:
    """One line saying which file of which sealed package the file at `file_path` is,
    proven by the disclosure at `disclosure_path` and the checked bundle behind `verdict`.

    Raises click.UsageError if the bundle is not a package's; DecodeError for a malformed
    disclosure; ledger.package.DisclosureMismatch (a ProofError) naming the file when it is
    another file, another package's, or altered; click.ClickException for unreadable files.
    """
    if verdict.entry.kind != "package":
        raise click.UsageError(
            f"this record is not a sealed package (kind {verdict.entry.kind!r}): check the file "
            "with --file alone"
        )
    try:
        disclosure = read_json_file(disclosure_path)
        disclosed = verify_disclosure(disclosure, verdict.entry.digest, file_path)
    except OSError as err:
        where = err.filename or file_path
        raise click.ClickException(f"cannot read {where}: {err.strerror or err}") from err
    position, count = disclosure["leaf_index"] + 1, disclosure["inclusion"]["tree_size"]
    values = disclosed.to_json() | {"alg": ALGORITHM_LABELS[disclosed.alg]}
    root = verdict.entry.digest.hex()
    return _say(language, "disclosure_valid", position=position, count=count, root=root, **values)
