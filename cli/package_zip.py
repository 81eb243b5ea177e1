"""Reading a 存证包 (evidence package download, .zip) in place of a proof bundle.

The page gives the litigant one zip holding `proof.cunzheng.json` (the proof bundle),
`manifest.json` (a package's manifest), `certificate.html`, `verifier.html`, `genesis.json`
and `README.txt`. `cunzheng verify` reads only the bundle and the manifest from it. The
zip's genesis.json came with the evidence, so it is no trust anchor: a judge gets the
consortium's genesis from the consortium (docs/verdicts.md).

Nothing is extracted to disk, and still a zip whose member names try to reach outside it
(absolute, "..", backslashes, drive letters), repeat a name, or declare members over
MAX_MEMBER_BYTES is refused whole: such a file was not made by the page.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliBadParameter

BUNDLE_MEMBER = "proof.cunzheng.json"
MANIFEST_MEMBER = "manifest.json"
MAX_MEMBERS = 64
MAX_MEMBER_BYTES = 64 * 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class PackageZip:
    """What a 存证包 gives the verifier: the bundle's bytes and, if it has one, the
    manifest's."""

    bundle: bytes
    manifest: bytes | None


def is_package_zip(path: Path) -> bool:
    """True when the file at `path` is a zip archive (whatever its name ends in)."""
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def read_package_zip(path: Path) -> PackageZip:
    """The bundle and manifest in the 存证包 at `path`.

    Raises CliBadParameter for a zip that cannot be read, has more than
    MAX_MEMBERS members, an unsafe or repeated member name, a member over MAX_MEMBER_BYTES,
    or no proof.cunzheng.json.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = _checked_members(archive, path)
            if BUNDLE_MEMBER not in members:
                raise _refused("zip_no_bundle", path, member=BUNDLE_MEMBER)
            bundle = _member_bytes(archive, members[BUNDLE_MEMBER], path)
            manifest = None
            if MANIFEST_MEMBER in members:
                manifest = _member_bytes(archive, members[MANIFEST_MEMBER], path)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as err:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        raise _refused("zip_unreadable", path, error=ErrorText(err)) from err
    return PackageZip(bundle, manifest)


def _checked_members(archive: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refused("zip_too_many", path, count=len(infos), limit=MAX_MEMBERS)
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if _is_unsafe(name) or name in members:
            raise _refused("zip_unsafe_name", path, member=name)
        if info.file_size > MAX_MEMBER_BYTES:
            raise _refused("zip_member_too_large", path, member=name, limit=MAX_MEMBER_BYTES)
        members[name] = info
    return members


def _is_unsafe(name: str) -> bool:
    # zipfile turns backslashes into "/" on Windows only; refuse them everywhere.
    parts = PurePosixPath(name).parts
    return (
        not name
        or "\x00" in name
        or "\\" in name
        or name.startswith("/")
        or bool(_DRIVE.match(name))
        or ".." in parts
    )


def _member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    # Read one byte past the limit: a header that understates the size cannot make us
    # inflate more than that, and zipfile checks the size and CRC at the member's end.
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise _refused("zip_member_too_large", path, member=info.filename, limit=MAX_MEMBER_BYTES)
    return data


def _refused(key: str, path: Path, **values: object) -> CliBadParameter:
    return CliBadParameter(key, param_hint="BUNDLE", path=path, **values)
