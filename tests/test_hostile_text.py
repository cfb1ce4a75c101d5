"""Every string from a document is data: titles, sources, authors, quotes and terms that
hold rich markup, terminal escapes, control characters or bidi overrides are shown as
written, inert, in the terminal and in the HTML report."""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

import ai_discourse
from ai_discourse.analysis.spec import Col, Lines
from ai_discourse.cli import app
from ai_discourse.load import load_corpus
from ai_discourse.nlp.attribution import Cue
from ai_discourse.render.console import ConsoleShow
from ai_discourse.render.report import mark_cues, report_html
from ai_discourse.render.safe import cell, html_text, terminal_console, terminal_text
from ai_discourse.render.svg import network_svg

from .test_report import dump_dom, html_tag, needs_chromium

WIKINEWS = Path("/work/shared/corpora/ko-wikinews/articles.jsonl")
runner = CliRunner()
# Wide enough that no table wraps a cell the tests look for; never a terminal, so rich
# itself writes no escape code.
WIDE = {"COLUMNS": "400", "LINES": "50", "NO_COLOR": None, "FORCE_COLOR": None, "TERM": "dumb"}

# --- The sanitiser on exact strings ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "␛[2J"),
        ("\x1b]0;PWNED\x1b\\", "␛]0;PWNED␛\\"),
        ("\x1b]0;PWNED\x07", "␛]0;PWNED␇"),
        (
            "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
            "␛]8;;http://evil.example␛\\click␛]8;;␛\\",
        ),
        ("\x9b31mred", "<U+009B>31mred"),
        ("\x85next line", "<U+0085>next line"),
        ("abc\u202edef", "abc<U+202E>def"),
        (
            "\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
            "<U+2066><U+2067><U+2068><U+2069><U+200E><U+200F><U+061C>",
        ),
        ("a\x00b", "a␀b"),
        ("del\x7f", "del␡"),
        ("bell\x07", "bell␇"),
        ("one\ntwo\tthree\r\nfour\x0b\x0c", "one two three  four  "),
        ("line\u2028para\u2029", "line<U+2028>para<U+2029>"),
        ("lone \ud800", "lone <U+D800>"),
        ("[/] 공지", "[/] 공지"),
        ("[/b]", "[/b]"),
        ("[link=http://evil.example]x[/link]", "[link=http://evil.example]x[/link]"),
        (":smile:", ":smile:"),
        ("[단독] 네이버, 새 모델 [sic] [w/ video]", "[단독] 네이버, 새 모델 [sic] [w/ video]"),
        ("中文 日本語 😀 café", "中文 日本語 😀 café"),
        ("", ""),
    ],
)
def test_terminal_text_makes_every_control_visible(raw: str, shown: str) -> None:
    assert terminal_text(raw) == shown


def test_terminal_text_takes_any_value() -> None:
    assert terminal_text(None) == "None"
    assert terminal_text(3.5) == "3.5"


def render(renderable: object, console: Console | None = None) -> str:
    """What `console` (rich's defaults: markup and emoji codes read) prints, as text."""
    console = console or Console(width=200, color_system=None)
    console.file = io.StringIO()
    console.print(renderable)
    return console.file.getvalue()


def test_a_cell_is_never_read_as_markup_even_on_a_markup_console() -> None:
    for raw in ("[/] 공지", "[link=http://evil.example]x[/link]", ":smile: [sic] [b]bold[/b]"):
        assert render(cell(raw)) == raw + "\n"


def test_a_cell_of_lines_keeps_speaker_and_role_apart() -> None:
    # The quotes table's speaker cell: the name above the role, each made safe on its own.
    console = Console(width=200, color_system=None)  # rich's defaults: markup read
    console.file = io.StringIO()
    show = ConsoleShow(console)
    speaker = Lines(("[/]김\x1b[31m", "대표 · \u202e카카오"))
    show.table("quotes", [Col("speaker"), Col("quote")], [[speaker, "[link=http://x]y[/link]"]])
    text = console.file.getvalue()
    lines = [line for line in text.splitlines() if "김" in line or "대표" in line]
    assert "[/]김␛[31m" in lines[0] and "대표 · <U+202E>카카오" in lines[1]
    assert "[link=http://x]y[/link]" in text


def test_the_product_console_reads_no_markup() -> None:
    console = terminal_console()
    assert (console._markup, console._emoji, console._highlight) == (False, False, False)
    assert terminal_console(stderr=True).stderr
    out = render("[/] :smile: [b]x[/b]", terminal_console())
    assert out == "[/] :smile: [b]x[/b]\n"


# --- HTML ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain <b>&'\"", "plain &lt;b&gt;&amp;&#x27;&quot;"),
        ("[단독] 네이버", "[단독] 네이버"),
        ("a\u202eb", "\u2068a\u202eb\u2069"),
        # An override or an embedding is closed by the wrapper's PDI.
        ("\u202bx\u202dy", "\u2068\u202bx\u202dy\u2069"),
        # A stray PDI would close the wrapper early: dropped; an open isolate is closed.
        ("x\u2069\u202ey", "\u2068x\u202ey\u2069"),
        ("\u2067x", "\u2068\u2067x\u2069\u2069"),
        ("\u2066a\u2069b", "\u2068\u2066a\u2069b\u2069"),
        # One bidi paragraph: a newline inside would end the isolate.
        ("a\n\u202eb", "\u2068a \u202eb\u2069"),
        ("keep\nlines\twhen no bidi", "keep\nlines\twhen no bidi"),
        ("esc\x1b[2J nul\x00 c1\x9b", "esc␛[2J nul␀ c1&lt;U+009B&gt;"),
    ],
)
def test_html_text_escapes_and_isolates(raw: str, shown: str) -> None:
    assert html_text(raw) == shown


def test_the_keyness_and_evidence_markup_isolate_each_piece() -> None:
    text, _ = mark_cues("네이버는 \u202e성장했다", [Cue(6, 8, "+성장")])
    assert text == '\u2068네이버는 \u202e\u2069<mark class="pos" title="+성장">성장</mark>했다'


def test_svg_labels_are_valid_xml_whatever_the_term() -> None:
    import xml.etree.ElementTree as ET

    import networkx as nx

    graph = nx.Graph()
    graph.add_node("a\x00b\x1b[2J", count=3, community=1)
    graph.add_node("\u202e역순", count=2, community=1)
    graph.add_edge("a\x00b\x1b[2J", "\u202e역순", count=2)
    svg = network_svg(graph)
    root = ET.fromstring(svg)  # XML 1.0 would refuse a raw NUL or ESC
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert sorted(labels) == sorted(["a␀b␛[2J", "\u2068\u202e역순\u2069"])


HOSTILE_TITLE = "\u202eevil title [/] \x1b[2J"


@pytest.fixture(scope="module")
def bidi_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("bidi")
    corpus = folder / "bidi.jsonl"
    records = [
        {
            "id": "rlo",
            "title": HOSTILE_TITLE,
            "source": "\u202e언론",
            "date": "2025-02-01",
            "text": '네이버는 "\u202e성장했다"라고 말했다. 카카오는 부진했다.',
        },
        {
            "id": "plain",
            "title": "평범한 제목",
            "date": "2025-02-02",
            "text": "네이버와 카카오가 협력했다. 카카오는 성장했다.",
        },
    ]
    corpus.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
    )
    return report_html(ai_discourse.analyze([corpus], jobs=1))


def test_report_isolates_a_title_with_an_override(bidi_page: str) -> None:
    # The documents table's title cell, the ESC made visible.
    assert "<td>\u2068\u202eevil title [/] ␛[2J\u2069</td>" in bidi_page
    assert "<td>\u2068\u202e언론\u2069</td>" in bidi_page  # the source column
    # Every RLO of the page sits inside an FSI … PDI of its own, which it cannot close.
    for match in re.finditer("\u202e", bidi_page):
        before, after = bidi_page[: match.start()], bidi_page[match.end() :]
        assert before.rfind("\u2068") > before.rfind("\u2069"), before[-80:]
        assert after.find("\u2069") < after.find("\u2068") or "\u2068" not in after
    assert "\x1b" not in bidi_page
    assert "td,th,caption,q,mark{unicode-bidi:isolate}" in bidi_page


@pytest.mark.slow
@needs_chromium
def test_report_with_an_override_runs_in_chromium(bidi_page: str, tmp_path: Path) -> None:
    path = tmp_path / "bidi.html"
    path.write_text(bidi_page, encoding="utf-8")
    dom, log = dump_dom(tmp_path, path)
    tag = html_tag(dom)
    assert 'data-ready="1"' in tag and "data-errors" not in tag
    assert "\u2068\u202eevil title [/] ␛[2J\u2069" in dom
    assert "Content Security Policy" not in log


# --- Item 1 of the review, as reported ------------------------------------------------


def test_unmatched_closing_tag_title_before_real_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "that.jsonl"
    corpus.write_text(
        '{"id":"x","title":"[/] 공지","text":"네이버가 새 모델을 발표했다."}\n' + _real_lines(60),
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--no-cache"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "[/] 공지" in result.stdout
    assert {"documents.csv", "keywords.csv", "stance.csv"} <= {p.name for p in out.iterdir()}


def _real_lines(n: int) -> str:
    """The first `n` Wikinews articles (or a stand-in when the corpus is absent)."""
    if WIKINEWS.exists():
        with WIKINEWS.open(encoding="utf-8") as handle:
            return "".join(line for _, line in zip(range(n), handle, strict=False))
    return "".join(
        json.dumps({"id": f"r{i}", "title": f"기사 {i}", "text": BODIES[i % len(BODIES)]}) + "\n"
        for i in range(n)
    )


# --- Every command, with whatever a title, source, author or quote holds --------------

BODIES = [
    "네이버는 생성형 인공지능 모델을 공개했다. 카카오는 생성형 인공지능 서비스를 늦췄다. "
    "업계는 네이버의 성장을 높이 평가했다.",
    "카카오는 실적 부진으로 위기를 맞았다. 네이버는 생성형 인공지능 투자를 늘렸다. "
    "카카오의 주가는 하락했다.",
    "네이버와 카카오가 생성형 인공지능 시장에서 경쟁한다. 네이버는 호조를 보였다. "
    "카카오는 새로운 전략을 발표했다.",
    '김철수 교수는 "네이버의 전략은 성공적이다"라고 말했다. 카카오는 부진했다. '
    "생성형 인공지능 경쟁이 치열하다.",
    "카카오는 생성형 인공지능 제휴를 확대했다. 네이버의 매출은 증가했다. "
    "네이버와 카카오의 경쟁이 계속된다.",
]
# Whole pieces an attacker would type, and single characters of every troublesome kind.
PIECES = [
    "\x1b[2J",
    "\x1b]0;PWNED\x1b\\",
    "\x1b]8;;http://evil.example\x1b\\",
    "\x1b]8;;\x1b\\",
    "[/]",
    "[/b]",
    "[/link]",
    "[link=http://evil.example]",
    "[bold red]",
    ":smile:",
    "[단독]",
    "[sic]",
    "네이버",
]
CHARS = list("\x1b\x9b\x85\x00\x07\x08\x7f\r\n\t[]/:=\\\"'<>&\u202e\u202d\u2066\u2067\u2068\u2069")
CHARS += list("\u200e\u200f\u061c\u2028\u2029가힣中文😀é")
ALPHABET = st.one_of(st.sampled_from(CHARS), st.characters(codec="utf-8", exclude_characters='│┃"'))
hostile = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet=ALPHABET, min_size=1, max_size=4)),
    min_size=1,
    max_size=5,
).map("".join)


# A document id is shown too (stance's rows, the evidence): it comes from the file.
HOSTILE_ID = "[/]\x1b]8;;http://evil.example\x1b\\id\u202e"


def write_corpus(folder: Path, title: str, source: str, author: str, quote: str) -> Path:
    """A small dated corpus whose first article carries the hostile strings."""
    records = [
        {
            "id": HOSTILE_ID,
            "title": title,
            "source": source,
            "author": author,
            "date": "2025-01-15",
            "text": f'네이버는 "{quote}"라고 말했다. 카카오 대표는 "{quote} 정말"이라고 밝혔다. '
            + BODIES[0],
        }
    ]
    records += [
        {
            "id": f"d{i}",
            "title": f"기사 {i}",
            "source": "한국일보" if i % 2 else "블로그",
            "date": f"2025-0{1 + i % 3}-1{i}",
            "text": body,
        }
        for i, body in enumerate(BODIES)
    ]
    path = folder / "corpus.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return path


COMMANDS = [
    ["analyze"],
    ["stance", "--evidence"],
    ["trends", "--keywords", "3"],
    ["network", "--min-count", "1", "--min-edge", "1"],
    ["keyness", "--group-by", "source", "--min-count", "1"],
    ["topics", "-k", "2"],
    ["terms", "--min-count", "2"],
]


def _column_text(stdout: str) -> list[str]:
    """Each table column's text, the lines of every table one after the other, without
    white space: a cell that wraps over several lines reads as one string again."""
    columns: dict[int, list[str]] = {}
    for line in stdout.splitlines():
        if line.startswith("│") and line.endswith("│"):
            for i, part in enumerate(line[1:-1].split("│")):
                columns.setdefault(i, []).append(_squeeze(part))
    return ["".join(parts) for parts in columns.values()]


def _squeeze(text: str) -> str:
    return "".join(text.split())


# What may never reach the terminal: every C0 control but the line ends rich writes
# itself, DEL, C1, bidi controls, line and paragraph separators, lone surrogates.
CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ud800-\udfff]"
)


def _assert_inert(output: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(output)})
    assert not found, found


# An example runs eight commands (about 4 s): a few drawn ones, and no shrinking, which
# would take minutes; a failing example is short as drawn (at most five pieces).
@pytest.mark.slow
@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=hostile, source=hostile, author=hostile, quote=hostile)
@example(
    title="[/] \x1b]0;PWNED\x1b\\ [link=http://evil.example]x[/link] :smile: [단독]\u202e",
    source="[/b]\x1b[5m\x9b2J언론",
    author="\u202e기자[/]\x00",
    quote="\x1b[2J[/]성장했다\u2066",
)
def test_every_command_shows_hostile_strings_inert(
    tmp_path: Path, title: str, source: str, author: str, quote: str
) -> None:
    corpus = write_corpus(Path(tempfile.mkdtemp(dir=tmp_path)), title, source, author, quote)
    article = next(a for a in load_corpus([corpus]).articles if a.id == HOSTILE_ID)
    for command in COMMANDS:
        result = runner.invoke(app, [*command, str(corpus), "--no-cache"], env=WIDE)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command,
            result.exception,
        )
        assert result.exit_code == 0, (command, result.output)
        _assert_inert(result.stdout)
        _assert_inert(result.stderr)
        columns = _column_text(result.stdout)
        if command[0] == "stance":
            shown_id = _squeeze(terminal_text(HOSTILE_ID))
            assert any(shown_id in c for c in columns), (shown_id, result.stdout)
        else:
            # The overview comes first, its sources row naming each source.
            shown_source = _squeeze(terminal_text(article.source or "?"))
            assert any(shown_source in c for c in columns), (command, shown_source)
        if command == ["analyze"] and article.title:
            shown_title = _squeeze(terminal_text(article.title))
            assert any(shown_title in c for c in columns), (shown_title, result.stdout)
    result = runner.invoke(app, ["kwic", str(corpus), "--term", "네이버"], env=WIDE)
    assert result.exit_code == 0, result.output
    _assert_inert(result.stdout)
    if article.title:
        from ai_discourse.render.console import cut_right

        shown = _squeeze(cut_right(terminal_text(article.title), 24))
        assert any(shown in _squeeze(line) for line in result.stdout.splitlines()), shown


def test_a_colour_terminal_gets_only_the_tables_own_colours(tmp_path: Path) -> None:
    """On a terminal rich styles the tables (SGR codes): those, and nothing that came from
    the corpus."""
    title = "\x1b]0;PWNED\x1b\\[/]\x1b]8;;http://evil.example\x1b\\x\x1b]8;;\x1b\\\x9b2J"
    corpus = write_corpus(tmp_path, title, "\x1b[5m언론", "\u202e기자", "\x1b[2J[/b]성장")
    env = {**WIDE, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    for command in (["stance", "--evidence"], ["analyze"]):
        result = runner.invoke(app, [*command, str(corpus), "--no-cache"], env=env)
        assert result.exit_code == 0, result.output
        assert "\x1b[" in result.stdout  # the terminal was coloured
        rest = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        _assert_inert(rest)
        if command == ["analyze"]:
            assert any(_squeeze(terminal_text(title)) in c for c in _column_text(rest)), rest
