"""What `cunzheng certificate` and `cunzheng verifier` say on the terminal. The certificate
(存证证书) itself is the offline verifier opened on a record: its words are the page's
catalog (node/api/static/catalog/), not these."""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    "page_written": {
        "en": "Wrote {path}: open it in any browser, even without a network.",
        "zh": "已写入 {path}：用任意浏览器打开即可，无需联网。",
    },
    "certificate_not_written": {
        "en": "No certificate was written to {path}.",
        "zh": "未生成证书（{path}）。",
    },
    "page_out_is_input": {
        "en": "{path} is one of the input files; choose another file name",
        "zh": "{path} 是输入文件之一，请另选文件名。",
    },
    "page_out_is_foreign": {
        "en": "{path} already exists and was not written by cunzheng, so it is left alone. "
        "Move it away, or choose another --out.",
        "zh": "{path} 已存在，且不是 cunzheng 写的文件，因此不予改动。请将其移走，或另选 --out。",
    },
    "page_url_not_http": {
        "en": "{url!r} is not an http:// or https:// address of the verification page",
        "zh": "{url!r} 不是核验网页的 http:// 或 https:// 网址。",
    },
    "page_url_fragment": {
        "en": "{url!r} has a '#' or a space; give the page address without a fragment, since "
        "the QR code puts the record after '#'",
        "zh": "{url!r} 含有“#”或空格。请给出不带片段的网页地址，因为二维码会把记录放在“#”之后。",
    },
}
