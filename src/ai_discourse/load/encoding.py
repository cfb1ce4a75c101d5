"""Bytes -> text: BOMs, UTF-8, CP949/EUC-KR and UTF-16, without silent mojibake."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ai_discourse.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Control characters other than tab/newline/CR are a sign of binary data, not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _looks_korean(text: str) -> bool:
    """True when the non-ASCII characters of `text` are mostly Hangul syllables."""
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii == 0:
        return False
    return len(_HANGUL.findall(text)) / non_ascii >= 0.8


def _utf16_without_bom(data: bytes) -> str | None:
    """The byte order under which `data` reads as plausible text, if either does.

    NULs alone mislead: Hangul syllables such as 가 (U+AC00) put theirs on the other side
    from ASCII's, so both orders are decoded and the one that reads as text wins."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    best, best_score = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _text_score(text)
        if score > best_score:
            best, best_score = codec, score
    return best if best_score >= 0.9 else None


_TEXT_RANGES = (
    (0x20, 0x7E),
    (0xAC00, 0xD7A3),
    (0x3000, 0x30FF),
    (0x4E00, 0x9FFF),
    (0x2010, 0x206F),
)


def _text_score(text: str) -> float:
    """Share of characters that ordinary Korean or English text is made of."""
    if not text:
        return 0.0
    ok = sum(
        1 for ch in text if ch in "\n\t" or any(lo <= ord(ch) <= hi for lo, hi in _TEXT_RANGES)
    )
    return ok / len(text)


def _plausible_text(text: str) -> bool:
    return not _CONTROL.search(text) and "\ufffd" not in text


_BINARY_HINT = "pass text, .jsonl, .csv or .xlsx files"


def no_nul(data: bytes, path: str) -> None:
    """Raise for a NUL byte anywhere: outside UTF-16, text has none, and a file with text
    first and binary data after it (a truncated download, a pasted blob) is no article.
    Detection applies it; the loader applies it to a forced codec too (see `is_utf16`)."""
    offset = data.find(b"\x00")
    if offset >= 0:
        raise InputError(
            path, f"binary file, not text (a NUL byte at offset {offset})", _BINARY_HINT
        )


def is_utf16(encoding: str) -> bool:
    """Whether `encoding` (a known one) is UTF-16 or UTF-32, whose text has NUL bytes."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def decode(data: bytes, path: str, *, encoding: str | None = None) -> str:
    """Decode a file's bytes to text, or raise InputError naming the path and what to try.

    With `encoding` given, only that codec is tried. Otherwise: a BOM decides; then strict
    UTF-8; then CP949 when it decodes cleanly into Korean; then charset-normalizer, accepted
    only when its guess is confident. A wrong guess is worse than an error, so unsure
    detection raises with a suggestion (`--encoding cp949`).
    """
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"not valid {encoding} (byte {exc.start})",
                "try without --encoding to detect it",
            ) from None
        except (LookupError, ValueError):  # unknown names, non-text codecs, idna/punycode
            raise InputError(path, f"unknown encoding {encoding!r}", "try utf-8 or cp949") from None
        return text

    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec != "utf-16":
                no_nul(data, path)
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(path, f"starts with a {codec} BOM but is not {codec}") from None

    if b"\x00" in data[:8192]:
        # NULs: UTF-16 without a BOM, or not text at all.
        utf16 = _utf16_without_bom(data)
        if utf16:
            try:
                text = data.decode(utf16)
            except UnicodeDecodeError:
                text = ""
            if text and _plausible_text(text):
                return text
        raise InputError(path, "binary file, not text", _BINARY_HINT)

    no_nul(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass

    try:
        korean = data.decode("cp949")
    except UnicodeDecodeError:
        korean = ""
    if korean and _looks_korean(korean) and _plausible_text(korean):
        return korean

    guess = _detect(data)
    if guess is not None:
        name, text = guess
        if _looks_korean(text) or name.startswith(("utf", "ascii")):
            return text
        hint = f"looks like {name}; try --encoding {name}"
    else:
        hint = "try --encoding cp949, or the file's real encoding"
    raise InputError(path, "not UTF-8", hint)


def _detect(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.chaos > 0.2:
        return None
    name = best.encoding.replace("_", "-")
    try:
        return name, data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u202f\u3000"), " ")
# Full-width ASCII (ＡＩ，２０２５) as typed by Korean input methods -> ASCII.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


_REPLACED = {chr(k): (chr(v) if isinstance(v, int) else v or "") for k, v in
             {**_ZERO_WIDTH, **_SPACES, **_FULL_WIDTH}.items()}  # fmt: skip
_ODD = re.compile("[" + "".join(re.escape(c) for c in _REPLACED) + "]")


def normalize_text(text: str) -> str:
    """NFC (decomposed Hangul jamo composed into syllables), unified line ends, no NULs or
    zero-width characters, plain spaces for NBSP & co., ASCII for full-width ASCII (one
    regex pass: `str.translate` looks every character up in a dict, seconds per 100 MB)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = _ODD.sub(lambda m: _REPLACED[m.group()], text)
    return unicodedata.normalize("NFC", text)


def utf8_file(path: Path) -> str | None:
    """How a file reads as UTF-8 without decoding it whole: "text", "empty" (nothing but
    whitespace bytes), or None when it is not UTF-8 or holds a NUL byte (it must then be
    decoded whole: `decode` detects the encoding on all of it). 256 KB at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    content = False
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 18):
                if b"\x00" in chunk:
                    return None
                decoder.decode(chunk)
                content = content or bool(chunk.strip())
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return "text" if content else "empty"


def text_lines(path: Path) -> Iterator[str]:
    """The text of a UTF-8 file (see `utf8_file`) as `normalize_text` makes it of the
    whole, one line at a time, each with its `\n` (the last as the file ends). Memory
    holds one line."""
    with path.open("rb") as handle:
        for k, raw in enumerate(handle):
            try:
                text = normalize_text(raw.decode("utf-8-sig" if k == 0 else "utf-8"))
            except UnicodeDecodeError:
                raise InputError(
                    str(path), "changed while it was read (no longer UTF-8)", "read it again"
                ) from None
            # A lone `\r` inside the line became a line end of its own.
            *lines, last = text.split("\n")
            for line in lines:
                yield line + "\n"
            if last:
                yield last
