// Control characters (ledger/plain_text.py; docs/formats.md, "Plain text"): the C0 and C1
// controls and DEL, the line and paragraph separators, and Unicode's bidirectional
// formatting characters (UAX #9). Put on the page with textContent they inject no markup,
// but a right-to-left override still reorders what follows it (`photo\u202egnp.exe` reads
// "photoexe.png"), so every text the page shows has them escaped (page/dom.js).

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED = new Map([['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t']]);

/**
 * `text` with each control character written as an escape a person can read: `\n`, `\r`,
 * `\t`, `\x1b` below U+0100, `\u202e` above; with `keepNewlines`, "\n" stays a line break.
 * @param {string} text
 * @param {{ keepNewlines?: boolean }} [options]
 */
export function escaped(text, { keepNewlines = false } = {}) {
  return text.replace(CONTROL_CHARACTERS, (char) => {
    if (keepNewlines && char === '\n') return char;
    const code = /** @type {number} */ (char.codePointAt(0));
    return NAMED.get(char) ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
