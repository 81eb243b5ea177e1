"""Known answers for the page's verifier (node/api/static/), made by ledger/'s own code.

`page_vectors()` returns what ledger/ decodes, encodes, hashes, accepts and refuses for a
fixed set of inputs: canonical msgpack and its near misses, entries, headers, commits,
validator sets, genesis documents (versions 1 and 2), key names, verifier keys, signed
notes, Ed25519 signatures at the edges of RFC 8032 (what libsodium accepts), ISO 8601
times, package paths, file digests and how control characters are shown.
tests/vectors/page.json holds it; the page's unit tests (tests/js/) check the JavaScript
port gives the same answers, and tests/browser/test_page_vectors.py that the committed
file is what this makes now.

Write it again with:  .venv/bin/python -m tests.support.page_vectors
"""

import hashlib
import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import msgpack
from nacl import bindings
from nacl.signing import SigningKey

from cunzheng.ledger import encoding
from cunzheng.ledger.block import Commit, CommitSignature, Header
from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.keys import is_valid_key_name, key_hash, parse_vkey, vkey
from cunzheng.ledger.manifest import check_package_path
from cunzheng.ledger.plain_text import escaped
from cunzheng.ledger.validators import Genesis, Validator, ValidatorSet

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "page.json"
# A point of order 8 on edwards25519 (ED25519_TORSION_SUBGROUP[1] of @noble/curves; the
# same list is in libsodium's ge25519_has_small_order).
TORSION_POINT = bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
# The group order L (RFC 8032 §5.1).
GROUP_ORDER = 2**252 + 27742317777372353535851937790883648493


def _rejected(check: Any, *args: Any) -> bool:
    try:
        check(*args)
    except (LedgerError, ValueError):
        return True
    return False


def _beyond_safe_integers(value: Any) -> bool:
    """Whether `value` holds an integer JavaScript numbers cannot hold exactly (the page
    refuses those; docs/web-page.md)."""
    if isinstance(value, int):
        return abs(value) > 2**53 - 1
    if isinstance(value, list):
        return any(map(_beyond_safe_integers, value))
    if isinstance(value, dict):
        return any(map(_beyond_safe_integers, value.values()))
    return False


def _msgpack_cases() -> list[dict[str, Any]]:
    rng = random.Random(14)
    values: list[Any] = [
        None,
        0,
        1,
        127,
        128,
        255,
        256,
        65535,
        65536,
        2**32 - 1,
        2**32,
        2**53 - 1,
        -1,
        -32,
        -33,
        -128,
        -129,
        -32768,
        -32769,
        -(2**31),
        -(2**31) - 1,
        -(2**53) + 1,
        "",
        "a",
        "x" * 31,
        "x" * 32,
        "长" * 100,
        "𝄞é\uffff",
        b"",
        b"\x00" * 32,
        bytes(300),
        [],
        [1, [2, [3]]],
        list(range(16)),
        list(range(70000 % 300)),
        {"9": "a", "10": "b", "é": 1, "\uffff": 2, "𝄞": 3, "__proto__": "x"},
        {"k" * n: n for n in range(20)},
        [[[[[[[[1]]]]]]]],
    ]
    values += [rng.randbytes(rng.randrange(0, 70)) for _ in range(5)]
    cases = [{"hex": encoding.pack(v).hex(), "canonical": True} for v in values]
    raw = [
        "cd0001",
        "cc05",
        "d0ff",
        "d9016162",
        "c4016162",
        "a162",
        "92010203",
        "9201",
        "cb3ff0000000000000",
        "c3",
        "c0c0",
        "d40100",
        "82a16201a16102",
        "82a16101a16102",
        "8101a161",
        "81c401610c",
        "a2c328",
        "a3eda080",
        "cf8000000000000000",
        "d38000000000000000",
        "cf0020000000000000",
        "9191919191919191919101",
        "919191919191919101",
        "dc000101",
        "da00016162",
        "c1",
    ]
    for text in raw:
        data = bytes.fromhex(text)
        try:
            value = encoding.unpack(data, max_size=100)
        except LedgerError:
            cases.append({"hex": text, "canonical": False})
            continue
        cases.append({"hex": text, "canonical": True, "beyond_2_53": _beyond_safe_integers(value)})
    return cases


def _entries() -> list[dict[str, Any]]:
    key = SigningKey(hashlib.sha256(b"page vectors submitter").digest())
    plain = Entry(hashlib.sha256(b"e").digest(), kind="chat-export", meta={"9": "a", "10": "b"})
    payload = b"cunzheng/entry/v1\x00" + plain.payload_to_sign(bytes(key.verify_key))
    signed = plain.with_signature(bytes(key.verify_key), key.sign(payload).signature)
    forged = signed.with_signature(bytes(key.verify_key), bytes(64))
    sm3 = Entry(hashlib.new("sm3", b"e").digest(), alg="sm3", client_time_ms=1_795_446_245_123)
    big = Entry(hashlib.sha512(b"e").digest(), alg="sha512", meta={"长": "值" * 300})
    leaves = [e.encode() for e in (plain, signed, forged, sm3, big)]
    leaves += [
        msgpack.packb([1, bytes(32), "md5", "", {}, None, None, None]),
        msgpack.packb([1, bytes(31), "sha256", "", {}, None, None, None]),
        msgpack.packb([2, bytes(32), "sha256", "", {}, None, None, None]),
        msgpack.packb([1, bytes(32), "sha256", "", {"a": 1}, None, None, None]),
        msgpack.packb([1, bytes(32), "sha256", "x" * 65, {}, None, None, None]),
        msgpack.packb([1, bytes(32), "sha256", "", {}, None, bytes(32), None]),
    ]
    cases = []
    for leaf in leaves:
        try:
            entry = Entry.decode(leaf)
        except LedgerError:
            cases.append({"leaf": leaf.hex(), "ok": False})
            continue
        cases.append(
            {
                "leaf": leaf.hex(),
                "ok": True,
                "json": entry.to_json(),
                "leaf_hash": entry.leaf_hash().hex(),
                "signature_ok": not _rejected(entry.verify_submitter_signature),
            }
        )
    return cases


def _chain_objects() -> dict[str, Any]:
    keys = [
        SigningKey(hashlib.sha256(f"page vectors notary {i}".encode()).digest()) for i in range(3)
    ]
    names = ["notary-a", "法院-b", "d" * 64]
    validators = ValidatorSet.of(
        [
            Validator(n, bytes(k.verify_key), p)
            for n, k, p in zip(names, keys, [1, 300, 2**40], strict=True)
        ]
    )
    header = Header(
        "cunzheng-test",
        7,
        1_795_446_245_123,
        bytes(32),
        bytes(keys[0].verify_key),
        3,
        10,
        bytes(range(32)),
        validators.hash(),
        validators.hash(),
        bytes([7] * 32),
    )
    commit = Commit(7, 2, header.hash(), (CommitSignature(0, bytes(64), bytes([1] * 64)),))
    genesis_v1 = Genesis("cunzheng-test", 1_795_446_245_000, validators, {"b": -5, "a": 2**40})
    genesis_texts = [genesis_v1.to_file_text()]
    for change in ({"version": 2}, {"publication": None, "version": 2}, {"chain_id": "a b"}):
        genesis_texts.append(json.dumps(genesis_v1.to_json() | change))
    genesis = []
    for text in genesis_texts:
        try:
            parsed = Genesis.from_file_text(text)
        except LedgerError:
            genesis.append({"text": text, "ok": False})
            continue
        genesis.append({"text": text, "ok": True, "hash": parsed.hash().hex()})
    return {
        "validators": {
            "json": validators.to_json(),
            "encoding": validators.encode().hex(),
            "hash": validators.hash().hex(),
            "key_hashes": [key_hash(v.name, v.public_key).hex() for v in validators.validators],
        },
        "header": {
            "bytes": header.encode().hex(),
            "json": header.to_json(),
            "hash": header.hash().hex(),
        },
        "commit": {"bytes": commit.encode().hex(), "json": commit.to_json()},
        "genesis": genesis,
    }


def _names_and_keys() -> dict[str, Any]:
    names = [
        "notary-a",
        "法院",
        "a" * 64,
        "a" * 65,
        "",
        "a b",
        "a+b",
        "a\u00a0b",
        "a\u200bb",
        "a\u2028b",
        "a\tb",
        "a\x7fb",
        "𝄞",
        "a\u3000b",
        "a\ufeffb",
        "a\u0301",
    ]
    key = bytes(SigningKey(hashlib.sha256(b"page vectors vkey").digest()).verify_key)
    good = vkey("notary-a", key)
    texts = [good, good.replace("+", "+x", 1), good[:-1], good + " ", good.upper(), "no-plus"]
    parsed = []
    for text in texts:
        try:
            name, public_key = parse_vkey(text)
        except LedgerError:
            parsed.append({"text": text, "ok": False})
            continue
        parsed.append({"text": text, "ok": True, "name": name, "key": public_key.hex()})
    return {
        "key_names": [{"name": n, "valid": is_valid_key_name(n)} for n in names],
        "vkeys": parsed,
    }


def _notes() -> list[dict[str, Any]]:
    root = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    line = "— notary-a AAAAAA" + "A" * 84 + "==\n"
    texts = [
        f"cunzheng/test\n10\n{root}\n\n{line}",
        f"cunzheng/test\n010\n{root}\n\n{line}",
        f"cunzheng/test\n10\n{root}\nextra\n\n{line}",
        f"cunzheng/test\n10\n{root}\n\n{line[:-1]}",
        f"cunzheng/test\n10\n{root}\n\n— notary-a AAAA\n",
        f"cunzheng/test\n10\n{root}\n\n{line}" * 2,
        f"cunzheng/test\t\n10\n{root}\n\n{line}",
        f"cunzheng/test\n10\n{root[:-1]}\n\n{line}",
        f"cunzheng/test\n99999999999999999999\n{root}\n\n{line}",
    ]
    cases = []
    for text in texts:
        try:
            note = SignedCheckpoint.parse(text)
        except LedgerError:
            cases.append({"text": text, "ok": False})
            continue
        cases.append(
            {
                "text": text,
                "ok": True,
                "body": note.checkpoint.body(),
                "lines": len(note.signatures),
            }
        )
    return cases


def _ed25519() -> list[dict[str, Any]]:
    # Signatures at the edges: valid; S + L (non-canonical S); R of small order; R off by a
    # point of order 8, which a cofactored check accepts and libsodium (cofactorless) refuses.
    seed = hashlib.sha256(b"page vectors ed25519").digest()
    key = SigningKey(seed)
    public = bytes(key.verify_key)
    message = b"checkpoint body\n"
    valid = key.sign(message).signature
    s = int.from_bytes(valid[32:], "little") + GROUP_ORDER
    unreduced = valid[:32] + s.to_bytes(32, "little")
    small_r = TORSION_POINT + valid[32:]
    secret = bytearray(hashlib.sha512(seed).digest()[:32])
    secret[0] &= 248
    secret[31] = (secret[31] & 127) | 64
    a = bindings.crypto_core_ed25519_scalar_reduce(bytes(secret) + bytes(32))
    r = bindings.crypto_core_ed25519_scalar_reduce(hashlib.sha512(b"nonce").digest())
    mixed_r = bindings.crypto_core_ed25519_add(
        bindings.crypto_scalarmult_ed25519_base_noclamp(r), TORSION_POINT
    )
    k = bindings.crypto_core_ed25519_scalar_reduce(
        hashlib.sha512(mixed_r + public + message).digest()
    )
    mixed = mixed_r + bindings.crypto_core_ed25519_scalar_add(
        r, bindings.crypto_core_ed25519_scalar_mul(k, a)
    )
    cases = []
    for name, signature in [
        ("valid", valid),
        ("unreduced_s", unreduced),
        ("small_order_r", small_r),
        ("torsion_r", mixed),
    ]:
        try:
            key.verify_key.verify(message, signature)
            accepted = True
        except Exception:  # nacl.exceptions.BadSignatureError, ValueError: refused either way
            accepted = False
        cases.append(
            {
                "name": name,
                "public_key": public.hex(),
                "message": message.hex(),
                "signature": signature.hex(),
                "valid": accepted,
            }
        )
    return cases


def _times() -> list[dict[str, Any]]:
    texts = [
        "2026-11-20",
        "20261120",
        "2026-11-20T14:30",
        "2026-11-20T14",
        "2026-11-20 14:30:00",
        "2026-11-20X14:30:00",
        "2026-11-20T14:30:00,123456789",
        "2026-11-20T14:30:00Z",
        "2026-11-20T14:30:00+08",
        "2026-11-20T14:30:00+0800",
        "2026-11-20T14:30:00+08:00:30.5",
        "2026-W47-5",
        "2026W475",
        "2026-W47",
        "2026-W53-1",
        "2020-W53-1",
        "2026-324",
        "2026-11",
        "2026-11-20T24:00",
        "2026-02-29",
        "2024-02-29",
        "2026-11-20T14:30:00.",
        "2026-11-20T14.5",
        "2026-11-20T14:30:00 +08:00",
        "0001-01-01",
        "0000-01-01",
        "2026-11-20T14:3000",
        "2026-11-20T14:30:00+24:00",
        "2026-11-20T14:30:00-23:59",
        "2026-11-20T14:30:00+8",
        "",
        "2026-11-20T",
        "2026-11-20长14:30",
        "9999-12-31T23:59:59.999999",
    ]
    cases = []
    for text in texts:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            cases.append({"text": text, "ok": False})
            continue
        offset = moment.utcoffset()
        cases.append(
            {
                "text": text,
                "ok": True,
                "local": moment.replace(tzinfo=None).isoformat(),
                "offset_us": None if offset is None else offset // timedelta(microseconds=1),
            }
        )
    return cases


def _paths() -> list[dict[str, Any]]:
    paths = [
        "a.txt",
        "聊天/记录.txt",
        "",
        "/a",
        "a//b",
        "a/",
        "./a",
        "a/../b",
        "a\\b",
        "a\x00b",
        "e\u0301.txt",
        "\u00e9.txt",
        "x" * 4096,
        "x" * 4097,
    ]
    return [{"path": p, "valid": not _rejected(check_package_path, p)} for p in paths]


def _digests() -> list[dict[str, Any]]:
    sizes = [0, 1, 55, 56, 63, 64, 65, 1000, 65537, 1_000_003]
    cases = []
    for size in sizes:
        data = bytes((i * 31 + 7) & 0xFF for i in range(size))
        cases.append(
            {
                "size": size,
                "sha256": hashlib.sha256(data).hexdigest(),
                "sm3": hashlib.new("sm3", data).hexdigest(),
                "sha512": hashlib.sha512(data).hexdigest(),
            }
        )
    return cases


def _plain_text() -> list[dict[str, Any]]:
    # Every control character and its neighbours, and text that must stay as it is.
    edges = [0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x20, 0x7E, 0x7F, 0x85, 0x9B, 0x9F, 0xA0]
    edges += [0x061B, 0x061C, 0x200D, 0x200E, 0x200F, 0x2027, 0x2028, 0x2029, 0x202A, 0x202E]
    edges += [0x202F, 0x2065, 0x2066, 0x2069, 0x206A, 0xFEFF, 0x1F600]
    texts = [f"a{chr(code)}b" for code in edges]
    texts += ["\x1b[H\x1b[2J 有效：由 4 个公证节点签名\r\n", "photo\u202egnp.exe", "聊天记录"]
    return [
        {"text": text, "escaped": escaped(text), "lines": escaped(text, keep_newlines=True)}
        for text in texts
    ]


def page_vectors() -> dict[str, Any]:
    """Every known answer, as tests/vectors/page.json holds them."""
    return {
        "comment": "Made by tests/support/page_vectors.py from ledger/; do not edit by hand.",
        "msgpack": _msgpack_cases(),
        "entries": _entries(),
        **_chain_objects(),
        **_names_and_keys(),
        "notes": _notes(),
        "ed25519": _ed25519(),
        "iso_times": _times(),
        "package_paths": _paths(),
        "digests": _digests(),
        "plain_text": _plain_text(),
    }


def vectors_text() -> str:
    """tests/vectors/page.json's text."""
    return json.dumps(page_vectors(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    VECTORS.write_text(vectors_text(), "utf-8")
