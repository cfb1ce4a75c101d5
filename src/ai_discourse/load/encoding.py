"""Bytes -> text: BOMs, UTF-8, CP949/EUC-KR and UTF-16, without silent mojibake."""

from __future__ import annotations

import codecs
import re
import unicodedata

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


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM has its NULs (the high bytes of ASCII) on one side."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 4 * even and odd >= 2:
        return "utf-16-le"
    if even > 4 * odd and even >= 2:
        return "utf-16-be"
    return None


def _plausible_text(text: str) -> bool:
    return not _CONTROL.search(text) and "\ufffd" not in text


def decode(data: bytes, path: str, *, encoding: str | None = None) -> str:
    """Decode a file's bytes to text, or raise InputError naming the path and what to try.

    With `encoding` given, only that codec is tried. Otherwise: a BOM decides; then strict
    UTF-8; then CP949 when it decodes cleanly into Korean; then charset-normalizer, accepted
    only when its guess is confident. A wrong guess is worse than an error, so unsure
    detection raises with a suggestion (`--encoding cp949`).
    """
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}", "try utf-8 or cp949") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"not valid {encoding} (byte {exc.start})",
                "try without --encoding to detect it",
            ) from None

    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(path, f"starts with a {codec} BOM but is not {codec}") from None

    if b"\x00" in data[:8192]:
        # NULs: UTF-16 without a BOM, or not text at all.
        utf16 = _utf16_without_bom(data[:8192])
        if utf16:
            try:
                text = data.decode(utf16)
            except UnicodeDecodeError:
                text = ""
            if text and _plausible_text(text):
                return text
        raise InputError(path, "binary file, not text", "pass text, .jsonl, .csv or .xlsx files")

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


def normalize_text(text: str) -> str:
    """NFC (decomposed Hangul jamo composed into syllables), unified line ends, no NULs or
    zero-width characters, plain spaces for NBSP & co., ASCII for full-width ASCII."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_FULL_WIDTH)
    return unicodedata.normalize("NFC", text)
