"""The HTML report: its sections on the seed corpus, the escaping of hostile input, a real
headless Chromium that runs it without error (and sorts a table), and its size on a big
corpus."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html as htmllib
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ai_discourse
from ai_discourse.analysis import Analysis, Depth
from ai_discourse.analysis.topics import TopicOptions
from ai_discourse.nlp.attribution import Cue
from ai_discourse.render.report import EVIDENCE_PER_TARGET, mark_cues, report_html, write_report
from ai_discourse.render.svg import tone_svg

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
WIKINEWS = Path("/work/shared/corpora/ko-wikinews/articles.jsonl")

SECTIONS = ["overview", "keywords", "stance", "entities", "trends", "network", "topics"]
MORE = re.compile(r"… ([\d,]+) more [^<]*? in (\w+)\.csv")


@pytest.fixture(scope="module")
def seeds() -> Analysis:
    depth = Depth(keyness="kind", topics=TopicOptions(k=3), compounds=2)
    return ai_discourse.analyze([SEEDS], jobs=1, depth=depth)


@pytest.fixture(scope="module")
def page(seeds: Analysis) -> str:
    return report_html(seeds)


class Replaced:
    """An analysis with some of what the report reads replaced: the report reads only
    attributes, so this holds whether the analysis keeps them as fields or properties."""

    def __init__(self, analysis: Analysis, **replaced: object) -> None:
        self._analysis = analysis
        self._replaced = replaced

    def __getattr__(self, name: str) -> object:
        if name in self._replaced:
            return self._replaced[name]
        return getattr(self._analysis, name)


def replaced(analysis: Analysis, **parts: object) -> Analysis:
    return Replaced(analysis, **parts)  # type: ignore[return-value]


def section_ids(page: str) -> list[str]:
    return re.findall(r'<section id="([\w-]+)"', page)


def html_tag(dom: str) -> str:
    match = re.search(r"<html\b[^>]*>", dom)
    assert match, dom[:300]
    return match.group(0)


def test_sections_in_order_with_nav_links(page: str) -> None:
    ids = section_ids(page)
    assert [i for i in ids if i in SECTIONS] == SECTIONS
    assert {"keyness", "terms"} <= set(ids)  # keyness by kind and compound terms were asked for
    assert "near-duplicates" not in ids  # the two seeds are not alike: no section
    nav = page[page.index("<nav") : page.index("</nav>")]
    for section in ids:
        assert f'href="#{section}"' in nav
    assert page.startswith("<!DOCTYPE html>")
    assert f"ai-discourse {ai_discourse.__version__}" in page
    assert "self-contained" in page


def test_stance_side_by_side_has_both_targets(page: str) -> None:
    side = page[page.index('<table class="side">') :]
    side = side[: side.index("</table>")]
    head = side[: side.index("</thead>")]
    assert "네이버" in head and "카카오" in head
    for row in ("mentions", "share of voice", "attributed sentences", "tone", "net tone"):
        assert f'<th scope="row">{row}</th>' in side
    assert side.count("<svg") >= 2  # a tone bar per target


def test_evidence_in_details_with_tone_cues_marked(page: str, seeds: Analysis) -> None:
    assert page.count('<details class="evidence">') == 2
    assert '<mark class="pos"' in page and '<mark class="neg"' in page
    # The blog says 감감무소식 of Naver: the cue is marked in its sentence.
    assert re.search(r'<mark class="neg" title="−감감무소식">감감무소식</mark>', page)
    assert seeds.stance is not None
    shown = page.count('<li class="ev">')
    assert shown == min(len(seeds.stance.evidence), 2 * EVIDENCE_PER_TARGET)


def test_nothing_is_fetched_from_the_network(page: str) -> None:
    for pattern in (r"<script[^>]*\bsrc", r"<link\b", r"url\(", r"@import", r"src=\"http"):
        assert not re.search(pattern, page, re.IGNORECASE), pattern
    assert page.count("<script") == 1
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_the_content_security_policy_allows_exactly_the_inline_script(page: str) -> None:
    script = page[page.index("<script>") + len("<script>") : page.index("</script>")]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    first = script.strip().splitlines()[0]
    assert first.startswith("window.onerror = function(m){")
    assert 'document.documentElement.dataset.ready = "1";' in script


def test_charts_are_inline_svg(page: str) -> None:
    keywords = page[page.index('<section id="keywords"') :]
    keywords = keywords[: keywords.index("</section>")]
    assert "<svg" in keywords and ">news</text>" in keywords and ">blog</text>" in keywords
    for section in ("trends", "network"):
        part = page[page.index(f'<section id="{section}"') :]
        assert "<svg" in part[: part.index("</section>")]


def test_tables_are_sortable_and_numbers_carry_their_value(page: str) -> None:
    assert page.count('<table class="sortable">') >= 8
    assert re.search(r'<th scope="col" tabindex="0" aria-sort="none" data-type="num"', page)
    # share 0.1032 shows as 10.3% but sorts by its value
    assert '<td class="num" data-v="0.1032">10.3%</td>' in page


def test_long_tables_are_cut_with_a_pointer_to_their_csv(seeds: Analysis) -> None:
    page = report_html(seeds, rows=5)
    notes = MORE.findall(page)
    files = {f for _, f in notes}
    assert {"keywords", "entities", "quotes", "stance_words", "network_nodes"} <= files
    assert files <= set(seeds.tables())
    hidden = {f: int(n.replace(",", "")) for n, f in notes}
    assert hidden["keywords"] == len(seeds.keywords) - 5
    assert len(page) < len(report_html(seeds))


def test_the_report_does_not_grow_with_the_corpus(seeds: Analysis) -> None:
    """Every long table 200 and 1,000 times longer (400 and 2,000 documents): the same
    capped report, but for the counts of left-out rows."""
    assert seeds.stance is not None
    stance = seeds.stance

    def times(n: int) -> Analysis:
        def more(frame: pd.DataFrame) -> pd.DataFrame:
            return pd.concat([frame] * n, ignore_index=True)

        long = {"documents": more(seeds.documents), "quotes": more(seeds.quotes)}
        sentences = {target: count * n for target, count in stance.sentences.items()}
        return replaced(
            seeds,
            rows=lambda name: long[name] if name in long else seeds.rows(name),
            keywords=more(seeds.keywords),
            entities=more(seeds.entities),
            stance=dataclasses.replace(stance, strongest=stance.strongest * n, sentences=sentences),
        )

    page_200, big_page = report_html(times(200)), report_html(times(1000))
    assert abs(len(big_page) - len(page_200)) < 100
    assert len(big_page.encode()) < 1_000_000
    for part in big_page.split('<ol class="evidence">')[1:]:
        assert part[: part.index("</ol>")].count("<li") == EVIDENCE_PER_TARGET
    assert "more sentences about 네이버 in stance_evidence.csv" in big_page
    assert "more documents in documents.csv" in big_page


def test_sections_without_data_are_left_out(seeds: Analysis) -> None:
    bare = replaced(
        seeds,
        stance=None,
        targets=(),
        trends=None,
        network=None,
        topics=None,
        keyness=None,
        terms=None,
        near_duplicates=None,
    )
    page = report_html(bare, title="Bare")
    assert section_ids(page) == ["overview", "keywords", "entities"]
    assert "<title>Bare</title>" in page and "<h1>Bare</h1>" in page
    assert "<details" not in page.replace("<details><summary><strong>Documents", "")


def test_near_duplicates_and_trends_without_targets(seeds: Analysis) -> None:
    ids = list(seeds.documents["doc_id"])
    near = pd.DataFrame(
        {"cluster": [1, 1], "doc_id": ids, "similarity": [1.0, 0.62], "size": [2, 2]}
    )
    trends = pd.DataFrame(
        {
            "period": ["2025-01", "2025-02", "undated"],
            "target": [None, None, None],
            "documents": [1, 1, 0],
            "sparse": [True, True, True],
        }
    )
    page = report_html(replaced(seeds, near_duplicates=near, trends=trends))
    assert section_ids(page)[-1] == "near-duplicates"
    part = page[page.index('<section id="near-duplicates"') :]
    assert "2 documents in 1 cluster" in part and "전문가들 제언" in part
    trend = page[page.index('<section id="trends"') :]
    trend = trend[: trend.index("</section>")]
    assert "<svg" not in trend and "2025-02" in trend  # no target to draw: the table


def test_write_report_writes_utf8_bytes(seeds: Analysis) -> None:
    handle = io.BytesIO()
    write_report(seeds, handle, title="보고서", rows=10)
    assert handle.getvalue().decode("utf-8") == report_html(seeds, title="보고서", rows=10)


def test_rows_must_not_be_negative(seeds: Analysis) -> None:
    with pytest.raises(ValueError, match="rows must not be negative"):
        report_html(seeds, rows=-1)


def test_cues_are_marked_at_their_offsets() -> None:
    text, unshown = mark_cues(
        "카카오는 성장했지만 실적은 부진했다.", [Cue(5, 7, "+성장"), Cue(15, 17, "−부진")]
    )
    assert text == (
        '카카오는 <mark class="pos" title="+성장">성장</mark>했지만 실적은 '
        '<mark class="neg" title="−부진">부진</mark>했다.'
    )
    assert unshown == []
    # The offsets say which of two equal words the tone read: the second here.
    text, _ = mark_cues("성장은 옛말, 이제 성장이 멈췄다.", [Cue(11, 13, "−성장(부정됨)")])
    assert text == '성장은 옛말, 이제 <mark class="neg" title="−성장(부정됨)">성장</mark>이 멈췄다.'


def test_overlapping_cues_nest_and_never_cross() -> None:
    # 적자·줄 spans the words it joins; 우려 inside it is marked inside its mark.
    sentence = "적자 폭이 우려와 달리 줄었다."
    text, _ = mark_cues(sentence, [Cue(6, 8, "−우려"), Cue(0, 14, "+적자·줄")])
    assert text == (
        '<mark class="pos" title="+적자·줄">적자 폭이 '
        '<mark class="neg" title="−우려">우려</mark>와 달리 줄</mark>었다.'
    )
    # A cue starting inside another and ending after it is marked from that one's end.
    text, _ = mark_cues("매출 급감 우려", [Cue(0, 5, "−매출·급감"), Cue(3, 8, "−급감 우려")])
    assert text == (
        '<mark class="neg" title="−매출·급감">매출 급감</mark>'
        '<mark class="neg" title="−급감 우려"> 우려</mark>'
    )


def test_cues_past_the_cut_are_listed_not_lost() -> None:
    sentence = "가" * 10 + " 호조 부진"
    cues = [Cue(9, 13, "+가 호조"), Cue(14, 16, "−부진"), Cue(2, 2, "+빈칸")]
    text, unshown = mark_cues(sentence, cues, limit=12)
    # The cut keeps 11 characters and an ellipsis: the first cue is marked up to the cut,
    # the second lies past it, and a cue of no width has nothing to mark.
    assert text == "가" * 9 + '<mark class="pos" title="+가 호조">가 </mark>…'
    assert unshown == [Cue(14, 16, "−부진"), Cue(2, 2, "+빈칸")]


def test_marked_text_stays_escaped_and_isolated() -> None:
    sentence = "<b>네이버</b>의 \u202e성장 & 부진"
    start = sentence.index("\u202e")
    cues = [Cue(start, start + 3, "+\u202e성장<&>"), Cue(start + 6, start + 8, "−부진")]
    text, _ = mark_cues(sentence, cues)
    assert text == (
        "&lt;b&gt;네이버&lt;/b&gt;의 "
        '<mark class="pos" title="\u2068+\u202e성장&lt;&amp;&gt;\u2069">\u2068\u202e성장\u2069</mark>'
        ' &amp; <mark class="neg" title="−부진">부진</mark>'
    )


@settings(max_examples=300, deadline=None)
@given(
    sentence=st.text(alphabet="가나 다<&>\"'ab", max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 12)), max_size=8),
    limit=st.integers(2, 50),
)
def test_any_cues_give_well_formed_marks_around_the_shown_text(
    sentence: str, spans: list[tuple[int, int]], limit: int
) -> None:
    cues = [Cue(start, start + width, f"+{k}") for k, (start, width) in enumerate(spans)]
    text, unshown = mark_cues(sentence, cues, limit=limit)
    depth, opened = 0, 0
    for piece in re.split(r"(<mark [^>]*>|</mark>)", text):
        if piece.startswith("<mark "):
            depth, opened = depth + 1, opened + 1
        elif piece == "</mark>":
            depth -= 1
            assert depth >= 0
    assert depth == 0
    assert opened + len(unshown) == len(cues)  # every cue marked once, or listed
    plain = htmllib.unescape(re.sub(r"</?mark[^>]*>", "", text))
    shown = sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
    assert plain == shown


CONTRAST = [
    {
        "id": "c1",
        "date": "2025-01-05",
        "text": "네이버는 실적이 성장했고, 카카오는 성장하지 못했다.",
    }
]


def test_the_report_marks_the_word_the_tone_read(tmp_path: Path) -> None:
    """Two targets in one sentence, the same word in each clause: each target's evidence
    marks the word of its own clause (searching the text would find the first for both)."""
    corpus = tmp_path / "contrast.jsonl"
    corpus.write_text(json.dumps(CONTRAST[0], ensure_ascii=False), encoding="utf-8")
    result = ai_discourse.analyze([corpus], jobs=1)
    assert result.stance is not None
    for evidence in result.stance.strongest:
        assert [evidence.text[c.start : c.end] for c in evidence.cues] == ["성장"]
    page = report_html(result)
    assert (
        '네이버는 실적이 <mark class="pos" title="+성장">성장</mark>했고, 카카오는 성장하지 못했다.'
        in page
    )
    assert (
        '네이버는 실적이 성장했고, 카카오는 <mark class="neg" title="−성장(부정됨)">성장</mark>'
        "하지 못했다." in page
    )


# --- The net-tone chart -------------------------------------------------------------------


def _trend(net: list[float]) -> pd.DataFrame:
    periods = [f"2020-{m:02d}" for m in range(1, len(net) + 1)]
    return pd.DataFrame(
        {
            "period": periods,
            "target": ["민주당"] * len(net),
            "sentences": [3] * len(net),
            "net_tone": net,
        }
    )


def _plot_box(svg: str) -> tuple[float, float, float, float]:
    """Left, right, top and bottom of a chart's plot: the extent of its grid."""
    lines = re.findall(r'<line x1="([\d.]+)" x2="([\d.]+)" y1="([\d.]+)"', svg)
    ys = [float(y) for _, _, y in lines]
    return float(lines[0][0]), float(lines[0][1]), min(ys), max(ys)


def _drawn(svg: str) -> list[tuple[float, float]]:
    points = [
        tuple(map(float, p.split(",")))
        for line in re.findall(r'<polyline points="([^"]*)"', svg)
        for p in line.split()
    ]
    dots = re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)"', svg)
    return [(x, y) for x, y in points] + [(float(x), float(y)) for x, y in dots]


@pytest.mark.parametrize(
    "net",
    [
        [0.2, -1.0, 1.0, -1.0, 0.0],  # the extremes a net tone reaches
        [0.5, -1.6, 1.25, -0.3],  # a table whose values lie beyond them
    ],
)
def test_the_net_tone_line_stays_in_its_plot(net: list[float]) -> None:
    svg = tone_svg(_trend(net))
    left, right, top, bottom = _plot_box(svg)
    drawn = _drawn(svg)
    assert len(drawn) == 2 * len(net)  # a line through every period, and a dot on each
    for x, y in drawn:
        assert left <= x <= right and top <= y <= bottom, (x, y, top, bottom)


def test_the_net_tone_axis_runs_from_minus_one_to_one_unless_the_data_goes_further() -> None:
    svg = tone_svg(_trend([1.0, -0.2, -1.0]))
    labels = re.findall(r'text-anchor="end" stroke="none">([^<]*)<', svg)
    assert labels == ["+1.0", "+0.5", "+0.0", "-0.5", "-1.0"]
    # +1 and −1 are drawn on the plot's top and bottom edges, not past them.
    _, _, top, bottom = _plot_box(svg)
    ys = [y for _, y in _drawn(svg)]
    assert (min(ys), max(ys)) == (top, bottom)
    labels = re.findall(r'text-anchor="end" stroke="none">([^<]*)<', tone_svg(_trend([0.5, -1.6])))
    assert labels[0] == "+1.0" and labels[-1] == "-2.0" and "+0.0" in labels


# --- Hostile input ----------------------------------------------------------------------

PWN = "<script>document.documentElement.dataset.pwned='1'</script>"
HOSTILE = [
    {
        "id": "x1",
        "title": PWN,
        "source": "<iframe src=//evil.example>",
        "date": "2025-01-05",
        "text": '네이버는 "<img src=x onerror=alert(1)>"라고 말했다. 카카오는 성장했다. '
        "네이버의 실적은 부진했다. 카카오는 시장에서 호평을 받았다.",
        "url": "javascript:alert(1)",
    },
    {
        "id": "x2",
        "title": '" onmouseover="alert(1)',
        "date": "2025-02-05",
        "text": "카카오는 \"<script>document.documentElement.dataset.pwned='2'</script>\"라고 "
        "밝혔다. 네이버는 성장했다. 카카오의 매출은 감소했다.",
        "url": 'https://example.com/a?b="><script>alert(2)</script>',
    },
    {
        "id": "x3",
        "title": '=HYPERLINK("http://evil")',
        "author": "O'Brien <b>",
        "date": "2025-03-05",
        "text": "네이버와 카카오가 협력했다. 카카오는 위기를 맞았다. 네이버는 호조를 보였다.",
        "url": " JaVaScRiPt:alert(3)",
    },
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "hostile.jsonl"
    corpus.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in HOSTILE), encoding="utf-8"
    )
    result = ai_discourse.analyze([corpus], jobs=1)
    return report_html(result, title='<img src=x onerror=alert("title")>')


def test_hostile_text_is_escaped(hostile: str) -> None:
    for raw in (
        "<script>document",
        "<img src=x",
        'onmouseover="alert',
        "<iframe",
        "<b>",
        "<script>alert(2)",
    ):
        assert raw not in hostile, raw
    assert hostile.count("<script") == 1  # the report's own
    # shown as text, escaped
    assert "&lt;script&gt;document.documentElement.dataset.pwned=&#x27;1&#x27;" in hostile
    assert "&quot; onmouseover=&quot;alert(1)" in hostile
    assert "=HYPERLINK(&quot;http://evil&quot;)" in hostile
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile  # the quote, in the quotes table


def test_only_web_addresses_become_links(hostile: str) -> None:
    hrefs = re.findall(r"href\s*=\s*\"([^\"]*)\"", hostile, re.IGNORECASE)
    assert hrefs, "no link at all"
    for href in hrefs:
        assert href.startswith(("#", "https://", "http://")), href
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", hostile, re.IGNORECASE)
    assert "javascript:alert(1)" in hostile  # as text under its title
    assert 'href="https://example.com/a?b=&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in (
        hostile
    )


# --- A real browser ---------------------------------------------------------------------


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = find_chromium()
# CI installs Debian's chromium and sets this: there a missing browser is a failure.
if CHROMIUM is None and os.environ.get("AI_DISCOURSE_REQUIRE_BROWSER"):
    raise RuntimeError("AI_DISCOURSE_REQUIRE_BROWSER is set but no chromium is on PATH")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium, chromium-browser or google-chrome on PATH"
)


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",  # never the user's profile
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def dump_dom(tmp_path: Path, page: Path) -> tuple[str, str]:
    done = run_chromium(
        tmp_path,
        "--virtual-time-budget=5000",
        "--enable-logging=stderr",
        "--v=0",
        "--dump-dom",
        page.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("which", ["seeds", "hostile"])
def test_chromium_runs_the_report_without_error(
    which: str, page: str, hostile: str, tmp_path: Path
) -> None:
    path = tmp_path / "report.html"
    path.write_text(page if which == "seeds" else hostile, encoding="utf-8")
    dom, log = dump_dom(tmp_path, path)
    tag = html_tag(dom)
    assert 'data-ready="1"' in tag
    assert "data-errors" not in tag
    assert "data-pwned" not in dom
    assert dom.count("<svg") >= 3
    assert not [line for line in log.splitlines() if "Uncaught" in line]
    # The policy refused nothing: the page tried to load nothing and ran only its script.
    assert "Content Security Policy" not in log


# Runs after the report's own script in a copy of the page, allowed by the copy's policy:
# clicks two headers of the keyword table and writes the orders it then reads.
DRIVER = """
(function () {
  var table = document.querySelector("#keywords table.sortable");
  var heads = table.tHead.rows[0].cells;
  function column(i) {
    return [].map.call(table.tBodies[0].rows, function (r) { return r.cells[i].textContent; });
  }
  var root = document.documentElement.dataset;
  heads[1].click();
  root.byTerm = column(1).join("|");
  heads[2].click();
  root.byTfFirst = column(2).join("|");
  heads[2].click();
  root.byTfSecond = column(2).join("|");
  root.ariaSort = heads[2].getAttribute("aria-sort");
})();
"""


def with_driver(page: str) -> str:
    digest = base64.b64encode(hashlib.sha256(DRIVER.encode("utf-8")).digest()).decode()
    page = page.replace("script-src 'sha256-", f"script-src 'sha256-{digest}' 'sha256-", 1)
    return page.replace("</body>", f"<script>{DRIVER}</script>\n</body>", 1)


@pytest.mark.slow
@needs_chromium
def test_clicking_a_header_sorts_the_table(page: str, tmp_path: Path) -> None:
    path = tmp_path / "sorting.html"
    path.write_text(with_driver(page), encoding="utf-8")
    dom, _ = dump_dom(tmp_path, path)
    tag = html_tag(dom)
    assert 'data-ready="1"' in tag and "data-errors" not in tag

    def read(name: str) -> list[str]:
        match = re.search(rf'data-{name}="([^"]*)"', tag)
        assert match, f"{name} missing: the driver did not run"
        return htmllib.unescape(match.group(1)).split("|")

    terms = read("by-term")
    hangul = [t for t in terms if re.fullmatch(r"[가-힣]+", t)]
    assert hangul == sorted(hangul) and len(hangul) > 20  # 가나다 order
    first = [int(v.replace(",", "")) for v in read("by-tf-first")]
    assert first == sorted(first, reverse=True)  # numbers: largest first
    second = [int(v.replace(",", "")) for v in read("by-tf-second")]
    assert second == sorted(second)  # a second click reverses
    assert read("aria-sort") == ["ascending"]


@pytest.mark.slow
@needs_chromium
def test_chromium_takes_a_screenshot(page: str, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    done = run_chromium(
        tmp_path,
        "--hide-scrollbars",
        "--window-size=1280,2000",
        f"--screenshot={shot}",
        path.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


# --- A big real corpus ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not WIKINEWS.exists(), reason=f"{WIKINEWS} not present")
def test_report_of_a_big_corpus_stays_small() -> None:
    depth = Depth(topics=TopicOptions(k=6), keyness="kind", compounds=2, trend_keywords=5)
    result = ai_discourse.analyze([SEEDS, WIKINEWS], jobs=1, depth=depth)
    page = report_html(result)
    assert len(page.encode("utf-8")) < 3_000_000
    files = {f for _, f in MORE.findall(page)}
    assert {"documents", "keywords", "entities", "quotes", "terms"} <= files
    assert set(SECTIONS) <= set(section_ids(page))
    for part in page.split('<ol class="evidence">')[1:]:
        assert part[: part.index("</ol>")].count("<li") <= EVIDENCE_PER_TARGET
