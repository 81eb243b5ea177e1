"""A small, realistic WeChat chat-record evidence folder, for package and seal tests.

docs/domain.md, "A careful collection" describes one:
the owner's own profile page, the counterparty's
profile page with their WeChat ID, the continuous conversation, voice messages with their
transcripts, payment records, and a screen recording of the whole collection. The folder
below holds each of them under the Chinese names a litigant would use. Every byte is
generated from fixed values, so digests are the same on every run:

    files = write_chat_record(tmp_path / "证据")                  # everything
    write_chat_record(tmp_path / "证据", omit={"screen_recording"})  # all but the recording
"""

import hashlib
import random
import struct
import zlib
from collections.abc import Callable, Collection
from pathlib import Path

from cunzheng.ledger.collection import CollectionRecord

# Each file of the folder, keyed by the role ledger.manifest.infer_role gives its path.
CHAT_RECORD_PATHS = {
    "conversation": "聊天记录/与张三的聊天记录.html",
    "owner_profile": "截图/我的个人信息页.png",
    "counterparty_profile": "截图/对方个人信息页_微信号.png",
    "voice": "语音/语音_001.amr",
    "voice_transcript": "语音/语音_001_文字.txt",
    "screen_recording": "录屏/取证过程录屏.mp4",
    "transfer_record": "转账记录/转账_2026-11-01.png",
}
RECORDING_SIZE = 300 * 1024


def png_image(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour (8-bit RGB), built as the PNG specification (RFC 2083) says."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the row's pixels
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def chat_export_html() -> bytes:
    """A WeChat conversation exported as HTML, as PC backup tools write it."""
    messages = [
        ("2026-10-28 20:15:03", "张三", "兄弟，周转一下，借我5000元，下周五还你。"),
        ("2026-10-28 20:16:41", "我", "好的，现在转给你。"),
        ("2026-11-01 09:02:10", "我", "[转账] ¥5000.00"),
        ("2026-11-01 09:05:55", "张三", "收到，谢谢！周五一定还。"),
        ("2026-11-15 18:30:12", "我", "说好的周五还钱，怎么没消息了？"),
        ("2026-11-15 18:47:09", "张三", "[语音] 5秒"),
    ]
    rows = "\n".join(
        f'<tr><td class="time">{time}</td><td class="who">{who}</td><td>{text}</td></tr>'
        for time, who, text in messages
    )
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>与张三（微信号 zhangsan_1990）的聊天记录</title></head><body>\n"
        f"<table>\n{rows}\n</table>\n</body></html>\n"
    )
    return page.encode("utf-8")


def amr_voice(frames: int) -> bytes:
    """AMR-NB audio: the "#!AMR" magic, then 12.2 kbit/s frames (header 0x3C, 31 bytes)."""
    noise = random.Random(1).randbytes(31 * frames)
    return b"#!AMR\n" + b"".join(b"\x3c" + noise[i * 31 : (i + 1) * 31] for i in range(frames))


def mp4_recording(size: int) -> bytes:
    """`size` bytes shaped like an MP4 file: an `ftyp` box, then one `mdat` box of noise."""
    ftyp = struct.pack(">I", 32) + b"ftypisom" + struct.pack(">I", 0x200) + b"isomiso2avc1mp41"
    body = random.Random(2).randbytes(size - len(ftyp) - 8)
    return ftyp + struct.pack(">I", len(body) + 8) + b"mdat" + body


def chat_record_contents() -> dict[str, bytes]:
    """The bytes of each file, keyed by role as CHAT_RECORD_PATHS is."""
    return {
        "conversation": chat_export_html(),
        "owner_profile": png_image(32, 48, (7, 193, 96)),
        "counterparty_profile": png_image(32, 48, (250, 157, 59)),
        "voice": amr_voice(250),
        "voice_transcript": "语音_001（张三，2026-11-15 18:47:09，5秒）：\n"
        "“钱我下个月一定还，别催了。”\n".encode(),
        "screen_recording": mp4_recording(RECORDING_SIZE),
        "transfer_record": png_image(40, 24, (255, 255, 255)),
    }


def write_chat_record(folder: Path, *, omit: Collection[str] = ()) -> dict[str, Path]:
    """Write the chat-record folder under `folder` (created), leaving out the roles in `omit`.

    Returns where each written file is, keyed by role. Raises KeyError for an unknown role.
    """
    contents = chat_record_contents()
    for role in omit:
        del contents[role]
    written = {}
    for role, data in contents.items():
        path = folder / CHAT_RECORD_PATHS[role]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written[role] = path
    return written


def counting_salts() -> Callable[[int], bytes]:
    """A salt source for tests: call n returns the first `size` bytes of SHA-256("salt <n>").

    Real seals use os.urandom; a fixed sequence makes package roots reproducible.
    """
    calls = 0

    def salt(size: int) -> bytes:
        nonlocal calls
        calls += 1
        return hashlib.sha256(f"salt {calls}".encode()).digest()[:size]

    return salt


def sample_collection() -> CollectionRecord:
    """How the sample folder was collected, as a litigant would state it."""
    return CollectionRecord(
        operator="李四",
        device="iPhone 13（序列号 F2LXK0AAAAAA）",
        app="微信",
        app_version="8.0.50",
        started="2026-11-20T14:30:00+08:00",
        ended="2026-11-20T15:05:00+08:00",
        method="在手机上打开微信，全程录屏，逐项截图并通过“备份与恢复”导出到电脑",
        steps=(
            "打开“我 > 设置 > 账号与安全”，截图本人个人信息页",
            "搜索张三，打开其个人信息页，截图显示微信号",
            "从 2026-10-28 起逐屏翻阅完整聊天记录并导出",
            "将语音逐条转写为文字",
            "导出转账记录截图",
        ),
    )
