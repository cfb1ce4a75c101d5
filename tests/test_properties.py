"""Property-based tests (hypothesis) for the loader and the Kiwi front end.

Each property is a promise the code makes for *any* input: bytes -> text or InputError,
normalization that is idempotent and clean, page parsing that never raises, a corpus loader
that accounts for every file, and sentence / token / mention offsets that point at the text.
The smallest inputs these properties once found failing stay at the end of each section
as plain regression tests.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import tempfile
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_discourse.errors import InputError
from ai_discourse.load import load_corpus
from ai_discourse.load.encoding import decode, normalize_text
from ai_discourse.load.layout import is_nav_line
from ai_discourse.load.text import parse_page
from ai_discourse.nlp import Lexicon, annotate
from ai_discourse.nlp.kiwi import compose
from ai_discourse.records import Article, Doc
from ai_discourse.resources import ui_words

from .conftest import article

# --- strategies ----------------------------------------------------------------------------

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
COMPAT_JAMO = st.characters(min_codepoint=0x3131, max_codepoint=0x318E)
CONJOINING_JAMO = st.characters(min_codepoint=0x1100, max_codepoint=0x11FF)
FULL_WIDTH = st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E)
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
ASCII = st.characters(max_codepoint=0x7F)
SPECIAL = st.sampled_from(
    [
        *"\"“”'‘’()[]{}<>「」『』【】《》.,!?·…=/-:%▲▼ \n\r\t",
        *"\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad\x00\u3000\u2028\x85\u0301",
    ]
)
MIXED_TEXT = st.text(
    st.one_of(HANGUL, COMPAT_JAMO, CONJOINING_JAMO, FULL_WIDTH, EMOJI, ASCII, SPECIAL),
    max_size=300,
)
ANY_TEXT = st.one_of(st.text(max_size=300), MIXED_TEXT)
"""Any str (no lone surrogates, which no decoder produces), and Korean-heavy mixtures."""
KOREAN_TEXT = st.text(st.one_of(HANGUL, st.sampled_from(list(" \n\t.,!?\"'()-:0123456789abXY"))))
"""Korean text as it is saved by editors: syllables, ASCII punctuation and digits."""

SENTENCE = st.text(st.one_of(HANGUL, st.just(" ")), min_size=1, max_size=40).map(
    lambda s: s.strip() + "다."
)
NAME = st.text(HANGUL, min_size=2, max_size=3)
"""Two or three Hangul syllables: a name-shaped word."""
_PAGE_LINE = st.one_of(
    st.sampled_from(sorted(ui_words().nav)),
    st.builds(
        "{} {}".format, st.sampled_from(["댓글", "공감", "좋아요", "조회수"]), st.integers(0, 999)
    ),
    st.builds("by {} 2025. 2. {}.".format, NAME, st.integers(1, 28)),
    st.builds("{} · 2024. 11. 8. 9:30".format, NAME),
    st.builds("입력 2024.10.{:02d} 10:00".format, st.integers(1, 31)),
    st.builds("{} 기자 {}@example.com".format, NAME, st.sampled_from(["kim", "lee"])),
    st.builds("[한국경제 {} 기자] {}".format, NAME, SENTENCE),
    st.builds("(서울=연합뉴스) {} 기자 = {}".format, NAME, SENTENCE),
    st.builds("{} NAVER(228,500원 ▲1,000 +0.44%) {}".format, SENTENCE, SENTENCE),
    st.builds("![{} / 사진=뉴스1](https://img.example.com/20240101/a.jpg)".format, SENTENCE),
    st.sampled_from(
        [
            "ⓒ 한국일보 무단전재 및 재배포 금지",
            "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>",
            "Copyright ⓒ 한국경제. All rights reserved.",
            "관련 기사",
            "많이 본 뉴스",
            "- 삼성전자 주가 4% 급등",
            "▶ 홍길동 기자",
            "티스토리",
            "",
        ]
    ),
    SENTENCE,
    MIXED_TEXT.map(lambda s: " ".join(s.split())),
)
PAGE = st.lists(_PAGE_LINE, max_size=25).map("\n".join)
"""A page dump: site furniture, bylines, copyright lines and datelines among sentences."""


def _is_text_codec(name: str) -> bool:
    try:
        return bool(getattr(codecs.lookup(name), "_is_text_encoding", True))
    except LookupError:
        return False


# --- decode --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=600), ANY_TEXT.map(lambda s: s.encode("utf-16-le"))))
def test_decode_any_bytes_gives_text_or_input_error(data: bytes) -> None:
    """Detection never raises anything but InputError, and names the path when it does."""
    try:
        text = decode(data, "in.txt")
    except InputError as exc:
        assert exc.path == "in.txt" and exc.reason
    else:
        assert isinstance(text, str)


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_decode_forced_utf8_is_strict_utf8(data: bytes) -> None:
    """`encoding="utf-8"` is exactly strict UTF-8: the same text, or InputError."""
    try:
        expected: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        expected = None
    try:
        assert decode(data, "in.txt", encoding="utf-8") == expected
    except InputError:
        assert expected is None


@settings(max_examples=200)
@given(
    st.binary(max_size=100),
    st.sampled_from(
        "utf-8 utf-8-sig cp949 euc-kr johab iso2022_kr utf-16 utf-16-le utf-16-be utf-32 utf-7"
        " latin-1 ascii shift_jis gb18030 big5".split()
    ),
)
def test_decode_forced_codec_gives_text_or_input_error(data: bytes, encoding: str) -> None:
    """With any ordinary text codec forced, the answer is its text or InputError."""
    try:
        assert isinstance(decode(data, "in.txt", encoding=encoding), str)
    except InputError as exc:
        assert exc.reason


@settings(max_examples=200)
@given(
    st.binary(min_size=1, max_size=50),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=20),
)
def test_decode_unknown_encoding_is_input_error(data: bytes, encoding: str) -> None:
    """A name that is no text codec (typo, `hex`, `rot13`) is an InputError, not LookupError.
    (Empty data is left out: CPython returns "" for b"" without looking the codec up, and
    load_corpus skips empty files before decoding.)"""
    if _is_text_codec(encoding):
        return
    with pytest.raises(InputError):
        decode(data, "in.txt", encoding=encoding)


@settings(max_examples=300)
@given(
    st.text().filter(lambda s: "\x00" not in s and not s.startswith("\ufeff")),
    st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_decode_round_trips_utf8(text: str, encoding: str) -> None:
    """UTF-8 (with or without BOM) comes back exactly. NULs are left out: without a BOM they
    make the bytes look like UTF-16 or binary, which is a documented guess. So is a text that
    starts with U+FEFF: its UTF-8 bytes are a BOM, and a BOM is read as one."""
    assert decode(text.encode(encoding), "in.txt") == text


@settings(max_examples=300)
@given(ANY_TEXT, st.sampled_from([codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]))
def test_decode_round_trips_utf16_with_bom(text: str, bom: bytes) -> None:
    """UTF-16 with a BOM (either byte order) comes back exactly: the BOM decides, no guessing."""
    body = text.encode("utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be")
    assert decode(bom + body, "in.txt") == text


@settings(max_examples=300)
@given(KOREAN_TEXT)
def test_decode_round_trips_cp949(text: str) -> None:
    """CP949 Korean comes back exactly (never InputError: CP949 covers all 11,172 syllables),
    except when the bytes also happen to be valid UTF-8, which the documented order tries
    first (e.g. `징` is C2 A1 in CP949, `¡` in UTF-8)."""
    data = text.encode("cp949")
    try:
        as_utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    assert decode(data, "in.txt") == (as_utf8 if as_utf8 is not None else text)


@pytest.mark.parametrize(
    "encoding, data",
    [
        pytest.param("\x00", b"a", id="nul-in-name"),
        pytest.param("punycode", b"+", id="punycode"),
    ],
)
def test_decode_forced_encoding_is_input_error(encoding: str, data: bytes) -> None:
    """Regression: a NUL in the name or a punycode/idna error is an InputError too."""
    with pytest.raises(InputError):
        decode(data, "in.txt", encoding=encoding)


def test_decode_bomless_utf16_hangul() -> None:
    """Regression: BOM-less UTF-16 of syllables like 가 (00 AC) is read in the right order."""
    data = "가가".encode("utf-16-le")
    try:
        text = decode(data, "in.txt")
    except InputError:
        return
    assert text == "가가"


# --- normalize_text ------------------------------------------------------------------------

_BANNED = "\r\x00\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0"


@settings(max_examples=300)
@given(ANY_TEXT)
def test_normalize_text_is_clean_and_idempotent(text: str) -> None:
    """Never raises; NFC; no CR, NUL, zero-width characters or NBSP; a second pass is a no-op."""
    once = normalize_text(text)
    assert not set(once) & set(_BANNED)
    assert unicodedata.is_normalized("NFC", once)
    assert normalize_text(once) == once


# --- parse_page ----------------------------------------------------------------------------


def _nav_lines_in(body: str) -> set[str]:
    return {line.strip() for line in body.split("\n") if is_nav_line(line.strip())}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANY_TEXT, PAGE))
def test_parse_page_never_raises_and_drops_furniture(raw: str) -> None:
    """Any normalized text parses; the body has no CR and no navigation line (반응형 …).
    (A nav word left over after stripping a ticker or a dateline: see the regression below.)"""
    page = parse_page(normalize_text(raw), path="page.txt", article_id="page")
    assert isinstance(page, Article)
    assert (page.id, page.path) == ("page", "page.txt")
    assert "\r" not in page.body
    assert not _nav_lines_in(page.body)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("제목\n반응형 (1,000원 +1%)\n본문이다.", id="ticker"),
        pytest.param("제목\n(서울=연합뉴스) 홍길동 기자 = 반응형\n본문이다.", id="dateline"),
    ],
)
def test_parse_page_nav_word_after_stripping(text: str) -> None:
    """Regression: a line that is a navigation word once a ticker or dateline is cut goes."""
    page = parse_page(normalize_text(text), path="page.txt", article_id="page")
    assert not _nav_lines_in(page.body)


# --- load_corpus ---------------------------------------------------------------------------

HEADERS = st.one_of(
    st.sampled_from(
        [
            *"본문 text body 제목 title 일자 date 언론사 source 기고자 url id kind 키워드".split(),
            *("뉴스 식별자", "분석제외 여부", "통합 분류1", "특성추출(가중치순 상위 50개)"),
        ]
    ),
    st.text(max_size=8),
)
"""Header cells: the names the loader maps (BigKinds' included), and anything else."""
VISIBLE = st.text(
    st.one_of(HANGUL, st.characters(min_codepoint=0x21, max_codepoint=0x7E)),
    min_size=1,
    max_size=30,
)
"""A cell that stays non-blank through normalization and stripping."""
CELL_TEXT = st.one_of(VISIBLE, ANY_TEXT.map(lambda s: s[:60]), SENTENCE)
JSON_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**15), 10**15)  # huge ones: test_load_corpus_raises_bug
    | st.floats()
    | CELL_TEXT
    | st.sampled_from(["2025-02-09", "20250209", "2025년 2월 9일", "45000", "2025. 2. 10."]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp949", "utf-16"])


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    """JSON Lines: objects with guessed or odd keys, other JSON values, and broken lines."""
    lines = draw(
        st.lists(
            st.one_of(
                st.dictionaries(HEADERS, JSON_VALUE, max_size=5).map(json.dumps),
                JSON_VALUE.map(json.dumps),
                ANY_TEXT.map(lambda s: s.replace("\n", " ")[:80]),
            ),
            min_size=1,
            max_size=6,
        )
    )
    return "\n".join(lines).encode(draw(ENCODINGS), errors="ignore")


@st.composite
def table_rows(draw: st.DrawFn, cell: st.SearchStrategy[Any]) -> list[list[Any]]:
    """A header row and data rows, at least one of them with a visible cell (header-only
    tables are the regression `test_load_corpus_header_only_table`)."""
    header = draw(st.lists(HEADERS, min_size=1, max_size=5))
    rows = draw(st.lists(st.lists(cell, max_size=len(header) + 1), max_size=5))
    rows.insert(draw(st.integers(0, len(rows))), [draw(VISIBLE), *draw(st.lists(cell, max_size=3))])
    return [header, *rows]


@st.composite
def delimited_files(draw: st.DrawFn) -> bytes:
    """CSV/TSV with any of the sniffed delimiters, quoted multi-line cells included."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", "\t", ";", "|"])))
    writer.writerows(draw(table_rows(CELL_TEXT)))
    return out.getvalue().encode(draw(ENCODINGS), errors="ignore")


XLSX_CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    VISIBLE,
    st.integers(-(10**15), 10**15),  # huge ones: test_load_corpus_raises_bug
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 1, 1)),
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2050, 1, 1)),
)


def _xlsx(sheets: list[list[list[Any]]]) -> bytes:
    """An .xlsx file of these sheets (strings cleared of the control characters Excel refuses)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    workbook.remove(workbook.active)
    for k, rows in enumerate(sheets):
        sheet = workbook.create_sheet(f"S{k}")
        for row in rows:
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@st.composite
def xlsx_files(draw: st.DrawFn) -> bytes:
    """A real workbook of one to three sheets; some sheets empty."""
    sheets = draw(st.lists(st.one_of(table_rows(XLSX_CELL), st.just([])), min_size=1, max_size=3))
    return _xlsx(sheets)


SUFFIXES = (".txt", ".jsonl", ".csv", ".tsv", ".xlsx")
FILES = st.one_of(
    st.tuples(st.sampled_from(SUFFIXES), st.binary(max_size=600)),
    st.tuples(
        st.sampled_from(SUFFIXES),
        st.tuples(st.one_of(ANY_TEXT, PAGE), ENCODINGS).map(
            lambda t: t[0].encode(t[1], errors="ignore")
        ),
    ),
    st.tuples(st.sampled_from([".txt", ".jsonl"]), jsonl_files()),
    st.tuples(st.sampled_from([".csv", ".tsv", ".txt"]), delimited_files()),
    st.tuples(st.just(".xlsx"), xlsx_files()),
)


def _load_one(suffix: str, data: bytes) -> tuple[str, Any]:
    """Write `data` to a fresh file with `suffix` and load it: (the file's path, corpus)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        return str(path), load_corpus([path])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_load_corpus_accounts_for_any_file(file: tuple[str, bytes]) -> None:
    """Any content under any supported suffix: no exception; the file ends up as Articles
    (non-blank body, no CR) or as Skipped entries with its path and a reason; Notes name it."""
    shown, corpus = _load_one(*file)
    accounted = corpus.articles or corpus.skipped or corpus.excluded
    assert accounted, f"{file!r} left no Article, Skipped or exclusion Note"
    for item in corpus.articles:
        assert isinstance(item, Article)
        assert item.path.startswith(shown) and item.body.strip() and "\r" not in item.body
    for skipped in corpus.skipped:
        assert skipped.path.startswith(shown) and skipped.reason
    for note in corpus.notes:
        assert note.path.startswith(shown) and note.message


def _workbook_with_sheet(xml: bytes) -> bytes:
    """A valid one-sheet workbook whose sheet1.xml is replaced by `xml`."""
    good = zipfile.ZipFile(io.BytesIO(_xlsx([[["text"], ["본문"]]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in good.namelist():
            z.writestr(name, xml if name.endswith("sheet1.xml") else good.read(name))
    return out.getvalue()


_WORKSHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
_TRUNCATED_SHEET = _WORKSHEET + b'<dimension ref="A1:A2"/><sheetData>'
"""Cut off after the <dimension> that read-only load_workbook reads: the rest fails later."""
_BAD_NUMBER_SHEET = (
    _WORKSHEET + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>text</t></is></c></row>'
    b'<row r="2"><c r="A2" t="n"><v>abc</v></c></row></sheetData></worksheet>'
)


@pytest.mark.parametrize(
    "suffix, data",
    [
        pytest.param(
            ".jsonl",
            b"1" * 4301,
            id="jsonl-long-int",
        ),
        pytest.param(
            ".jsonl",
            b"[" * 100_000,
            id="jsonl-deep-nesting",
        ),
        pytest.param(
            ".jsonl",
            b'{"text": "a", "date": 1' + b"0" * 309 + b"}",
            id="jsonl-huge-int-date",
        ),
        pytest.param(
            ".xlsx",
            _workbook_with_sheet(_TRUNCATED_SHEET),
            id="xlsx-broken-sheet-xml",
        ),
        pytest.param(
            ".xlsx",
            _workbook_with_sheet(_BAD_NUMBER_SHEET),
            id="xlsx-bad-number-cell",
        ),
    ],
)
def test_load_corpus_hostile_files_are_skipped(suffix: str, data: bytes) -> None:
    """Regression: files that once made load_corpus raise now end as Skipped entries."""
    _, corpus = _load_one(suffix, data)
    assert corpus.articles or corpus.skipped


@pytest.mark.parametrize(
    "suffix, data",
    [
        pytest.param(".csv", b"text\n", id="csv"),
        pytest.param(".xlsx", _xlsx([[["text"]]]), id="xlsx"),
    ],
)
def test_load_corpus_header_only_table(suffix: str, data: bytes) -> None:
    """Regression: a table with a text header and no rows is reported, not silently lost."""
    _, corpus = _load_one(suffix, data)
    assert corpus.articles or corpus.skipped


# --- annotate (Kiwi front end) -------------------------------------------------------------

_OPENING_MARKS = "\"“「『'‘"
_CLOSING_MARKS = "\"”」』'’"


def _check_doc(doc: Doc, source: Article) -> None:
    """The offset invariants every Doc keeps (shared by the annotate properties)."""
    text = doc.text
    assert doc.article is source
    assert text == compose(source)[0]
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        for t in s.tokens:
            # A morpheme belongs to the sentence it starts in (Kiwi has zero-width ones, e.g.
            # the copula 이 in `고다`). It may run past the sentence only over characters that
            # str.strip() cut from the sentence but Kiwi glued to a symbol (`%\x1f`).
            assert s.start <= t.start < s.end and t.start <= t.end <= len(text), (s, t)
            assert t.end <= s.end or text[s.end : t.end].isspace(), (s, t)
    for m in doc.mentions:
        sentence = doc.sentences[m.sentence]
        assert sentence.start <= m.start < m.end <= sentence.end, (sentence, m)
        # Spans are built from text slices; the one exception, a lone surname before a title
        # (`김 교수`), uses the token's form, which Kiwi keeps verbatim for one syllable.
        assert text[m.start : m.end] == m.surface, m
    for q in doc.quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start] in _OPENING_MARKS
        # the words run to the closing mark, or (a mark left open) to the end of the span
        closed = text[q.end - 1] in _CLOSING_MARKS
        assert q.text == " ".join(text[q.start + 1 : q.end - closed].split())


_KIWI = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_KIWI
@given(
    st.lists(st.one_of(ANY_TEXT, PAGE, st.lists(SENTENCE, max_size=6).map(" ".join)), max_size=3)
)
def test_annotate_offsets_point_at_the_text(lexicon: Lexicon, bodies: list[str]) -> None:
    """Any bodies tokenize, one Doc per article in input order; sentences are slices of
    Doc.text, tokens lie inside their sentence, mentions are slices inside their sentence,
    quotes start at an opening mark."""
    sources = [article(body, id=f"p{i}") for i, body in enumerate(bodies)]
    docs = list(annotate(sources, lexicon=lexicon))
    assert len(docs) == len(sources)
    for doc, source in zip(docs, sources, strict=True):
        _check_doc(doc, source)


PERSON = st.one_of(
    st.builds(str.__add__, st.sampled_from("김이박최정강조윤장임한오서신권황손"), NAME),
    st.sampled_from(["김택진", "이재용", "샘 알트만", "젠슨 황", "사티아 나델라", "일론 머스크"]),
    NAME,
)
"""Korean names (common surname + given name), known foreign names, random syllables."""


@_KIWI
@given(
    st.lists(PERSON, min_size=1, max_size=3),
    st.lists(SENTENCE, min_size=1, max_size=4),
    st.sampled_from(["교수", "회장", "대표", "CEO", "기자", "의원"]),
    st.sampled_from([" ", ""]),
)
def test_annotate_people_and_quotes(
    lexicon: Lexicon, names: list[str], sentences: list[str], title: str, space: str
) -> None:
    """Name + title, `김 교수`/`손회장` references and quotes keep the same offset invariants."""
    parts = [
        f'{n}{space}{title}는 "{s}"라고 말했다. {n[0]}{space}{title}는 {s}'
        for n, s in zip(names, sentences, strict=False)
    ]
    source = article("\n\n".join(parts), id="p1", title=f"{names[0]} {title}의 발언")
    (doc,) = annotate([source], lexicon=lexicon)
    _check_doc(doc, source)


# Pieces of the constructions the quote reader parses (subjects, particles, sources, asking,
# parentheses, titles, glued endings), put together in any order: whatever the order, every
# quote keeps the offset invariants and reading never raises.
QUOTE_PIECES = st.sampled_from(
    [
        "김민수",
        "한빛전자",
        "관계자",
        "전",
        "대표",
        "는 ",
        "가 ",
        "에서 ",
        "에서는 ",
        "에게 ",
        "에 따르면 ",
        "의 ",
        "측에 ",
        "묻자 ",
        "역시 ",
        "(54) ",
        "(KBS) ",
        "<누리일보>는 ",
        '"',
        "“",
        "”",
        "'",
        '"라고 ',
        '"며 ',
        '"는 입장을 ',
        '"하기로 ',
        '"(meddlesome)이란 ',
        "밝혔다. ",
        "말했다",
        "덧붙였다. ",
        "이어 ",
        "그는 ",
        "일부는 ",
        "이 후보는 ",
        "당시 ",
        "나와 ",
        "했다며 ",
        ", ",
        ". ",
        "\n\n",
        "지난 12일 ",
        "국회에서 열린 ",
    ]
)


@_KIWI
@given(st.lists(QUOTE_PIECES, min_size=1, max_size=40).map("".join))
def test_quotes_read_any_arrangement_of_their_constructions(lexicon: Lexicon, body: str) -> None:
    source = article(body, id="q1")
    (doc,) = annotate([source], lexicon=lexicon)
    _check_doc(doc, source)
    for q in doc.quotes:
        assert q.how in (
            "",
            "subject",
            "role",
            "title",
            "pronoun",
            "continued",
            "source",
            "answer",
            "after",
            "introduced",
            "headline",
        )
        assert (q.speaker is None) == (q.how == "")


def test_no_noun_before_the_one_asked_is_no_speaker(lexicon: Lexicon) -> None:
    """Found running the locked evaluation articles: a particle with no noun before it
    crashed the reader."""
    text = '빠르게 에게 묻자 "그렇다"는 답변이 돌아왔다.'
    (doc,) = annotate([article(text, id="q2")], lexicon=lexicon)
    assert [q.speaker for q in doc.quotes] in ([], [None])
