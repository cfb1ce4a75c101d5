"""Plain-text page dumps -> Article: news and blog layouts, their boilerplate and metadata.

A page dump is what a reader or crawler saved of a web page: the article with the site's
furniture around it. Layouts are recognised by general markers of the genre, never by file
name or by a list of sites:

- furniture lines: buttons, menus and counters (a vocabulary of UI words, data/ui_words.txt),
  counters split onto their own line, hashtags, bare URLs; dropped wherever they stand;
  the navigation lines of blog platforms count as signs of a blog post;
- the head: the first date line (`입력 2025.02.10. 오후 2:30`, `NAME · 2025. 2. 10. 14:30`,
  `by NAME Feb 10. 2025`) and name lines next to it are anchors; the title is the first
  headline-shaped line of the run of lines nearest above them (below, when nothing is
  above); what stands above the title is site chrome (blog name, category, press logo);
- the tail: after the article has begun, a comments or profile heading ends it, and a
  related-articles heading takes the short lines that follow it;
- news markers: a copyright footer naming the press, a reporter byline, a wire dateline.

Boilerplate is dropped from the body; the metadata it carries (press, reporter, date and
time, platform, tickers, tags) goes into the record. Lines that recur across many pages of
one source are a corpus-level matter: see `boilerplate.py`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ai_discourse.records import Article, Caption, Kind
from ai_discourse.resources import platforms

from . import layout
from .layout import DateLine, Stamp

# --- markers -------------------------------------------------------------------------------

_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]+)[^)]*\)\s*$")
_CREDIT = re.compile(
    r"\s*[/|]\s*(?P<kind>사진|그래픽|자료|영상|출처|캡처)\s*[=:]\s*(?P<credit>.+)$"
)
# A caption copied as text, credit last: `판교 사옥 전경. /사진=카카오`, `[사진 제공=네이버]`.
_CAPTION_LINE = re.compile(
    r"^(?P<text>.{0,100}?)\s*[/|(\[]?\s*(?:사진|그래픽|자료|영상)\s*(?:제공|출처)?\s*[=:]\s*"
    r"(?P<credit>[^=()\[\]]{1,30}?)\s*[)\]]?\s*$"
)
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{2,}|(?!\d))")
_TEXT_DATE = re.compile(
    r"(?:입력|등록|게재|발행|기사입력|승인|작성|송고|업데이트)\s*[:：]?\s*"
    r"(20\d{2})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})"
)
_FULL_COPYRIGHT = re.compile(r"저작권자|무단\s*전재|재배포|all\s*rights|copyright", re.I)
_COPYRIGHT = re.compile(r"저작권자|copyright|[ⓒ©]|\(c\)|무단\s*전재|재배포\s*금지", re.I)
_COPYRIGHT_PRESS = re.compile(r"(?:저작권자\s*)?(?:[ⓒ©]|\(c\)|copyright)\s*(?P<rest>.+)", re.I)
_QUOTED = re.compile(r"[‘'\"“][^’'\"”]*[’'\"”]")
_BYLINE = re.compile(
    r"^[-–·\[\(]?\s*(?:기자\s*사진\s*)?(?:[가-힣A-Za-z]+\s+)?"
    r"(?P<name>[가-힣]{2,4})\s*(?:선임|수석|객원|인턴|전문)?\s*기자(?:\s*[=\]\)]|\s+\S+@\S+|\s*$)"
)
_BYLINE_EMAIL = re.compile(r"(?P<name>[가-힣]{2,4})\s*기자\s*\(?[\w.+-]+@[\w-]+\.[\w.]+\)?")
# Wire-style dateline opening the first paragraph: `(서울=연합뉴스) 홍길동 기자 = ` or
# `[머니투데이 김소연 기자] `; the reporter goes to the record, the rest stays as text.
_DATELINE = re.compile(
    r"^[(\[【]\s*(?:[가-힣]+\s*=\s*)?(?P<press>[가-힣A-Za-z0-9]+)?\s*"
    r"(?:(?P<name1>[가-힣]{2,4})\s*(?:기자|특파원))?\s*[)\]】]\s*"
    r"(?:(?P<name2>[가-힣]{2,4})\s*(?:기자|특파원)\s*=\s*)?"
)
_RELATED_HEAD = re.compile(
    r"(?:주요|관련|많이\s*본|인기|추천|최신|함께\s*본|다른)\s*(?:기사|뉴스)\s*$"
)
_LIST_ITEM = re.compile(r"^\s*(?:[-•·▶▷■□◆◇※]|\d+\.\s)\s*")
# `NAVER (228,500원 ▲1,000 +0.44%)`: a market-data widget pasted inline by news sites.
# The name starts only where a word starts: tried inside a word, the optional name would
# rescan the rest of that word at every character (quadratic on a long unspaced line);
# the leftmost match, the one `sub` takes, starts there anyway.
_TICKER = re.compile(
    r"(?:(?<![\w&.·])(?P<name>[\w&.·]+))?\s?\(\s*(?P<price>[\d,]+원)\s*"
    r"(?P<change>[▲▼△▽↑↓+\-−]?\s*[\d,]+)?\s*"
    r"(?P<pct>[+\-−]?\s*[\d.]+%)\s*\)"
)
# Reader-mode markdown: headings, quotes, emphasis, links (the text stays, the URL goes).
_MD_HEADING = re.compile(r"^(?P<level>#{1,6})\s+")
_MD_QUOTE = re.compile(r"^>\s?")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?P<text>.+?)\1")
_MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)[^)]*\)")
_BARE_URL = re.compile(r"^(?:[\w가-힣 ]{0,10}[:：]\s*)?<?https?://\S+>?$")

# A line of a category list with its post count; a title such as `제주 여행기 (2)` stands
# alone, a list has neighbours of the same shape.
_COUNTED = re.compile(r"^[^()]{1,24}\s*\(\d{1,5}\)$")
_NAV_COUNTER = re.compile(r"^(?:댓글|공감|좋아요|조회수?)\s*\d+\s*(?:개)?$")
_SENTENCE_END = re.compile(r"[.!?。][\"'”’)]*\s*$|다\s*$")


@dataclass
class _Page:
    """What a pass over the lines found; turned into an Article at the end."""

    lines: list[str]
    content: list[tuple[int, str]] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    press: str | None = None
    press_line_seen: bool = False
    """Whether a full copyright line (저작권자, 무단전재, all rights) has named the press."""
    press_line: str | None = None
    author: str | None = None
    blog_author: str | None = None
    nav_hits: int = 0
    related: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    front: dict[str, str] = field(default_factory=dict)
    h1: str | None = None
    consumed: list[int] = field(default_factory=list)
    """Line numbers of furniture and metadata lines: they break runs of header lines."""
    stamps: list[tuple[int, DateLine]] = field(default_factory=list)
    """Date lines before the article's first paragraph: (line number, what it said)."""
    anchors: list[int] = field(default_factory=list)
    """Header lines that carried a date or a name: the title is looked for next to them."""
    body_line: int | None = None
    """The line of the first paragraph: what stands above it is the head of the page."""
    tail_line: int | None = None
    closing_byline: int | None = None  # `박서윤 기자 seoyun@…` after the article's text
    lists: list[int] = field(default_factory=list)

    @property
    def in_head(self) -> bool:
        return self.body_line is None


def parse_page(text: str, *, path: str, article_id: str) -> Article:
    """Parse a normalized page dump into an Article (kind news, blog or unknown)."""
    page = _Page(lines=[" ".join(line.split()) for line in text.split("\n")])
    _front_matter(page)
    _scan(page)
    platform = _platform(page)
    kind = _kind(page, platform)
    numbered = _drop_repeats(page, _cut_tail(page, page.content))
    head = _Head.find(page, numbered)
    title: str | None = None
    deck: tuple[str, ...] = ()
    paragraphs: list[str]
    if head is not None:
        title, deck, rest = head.title, head.deck, head.rest
        if kind == "news":
            more, paragraphs = _news_deck(rest)
            deck += more
        else:
            paragraphs = [p for _, p in rest]
    elif kind == "news":
        deck, paragraphs = _news_deck(numbered)
    else:
        title, paragraphs = _first_line_title(numbered)
    if page.front.get("title"):
        title = page.front["title"]
    elif page.h1 and title is None:
        title = page.h1

    body_paras: list[str] = []
    tickers: list[dict[str, str]] = []
    for para in paragraphs:
        cleaned, found = strip_tickers(para)
        tickers.extend(found)
        if cleaned and not layout.is_nav_line(cleaned) and cleaned != title:
            body_paras.append(cleaned)
    if kind != "unknown":
        body_paras = _trim_end(body_paras, kind)
    meta: dict[str, Any] = {}
    if tickers:
        meta["tickers"] = tickers
    if page.related:
        meta["related_articles"] = page.related
    if page.tags:
        meta["tags"] = page.tags
    date = _dates(page, kind, meta)
    if platform and (kind == "news" or not layout.is_blog_platform(platform)):
        meta["platform"] = platform

    if kind == "news":
        source = page.press or page.press_line or _host_press(page) or platform
    else:
        # A column or citizen post on a press site: the press is still its publisher.
        source = (platform or page.press) if kind == "blog" else None
    source = page.front.get("site") or source
    if kind == "news":
        author = page.author or (head.author if head else None)
    else:
        author = page.blog_author or (head.author if head else None) or page.author
    return Article(
        id=article_id,
        path=path,
        kind=kind,
        source=source,
        title=title,
        date=date,
        author=page.front.get("author") or author,
        url=page.front.get("url"),
        body="\n\n".join(body_paras),
        deck=deck,
        captions=tuple(page.captions),
        meta=meta,
    )


def strip_tickers(text: str) -> tuple[str, list[dict[str, str]]]:
    """Remove inline stock-price widgets, returning the clean text and the figures found."""
    found: list[dict[str, str]] = []

    def keep_name(m: re.Match[str]) -> str:
        found.append(
            {
                "name": m["name"] or "",
                "price": m["price"],
                "change": re.sub(r"\s+", "", m["change"] or ""),
                "pct": re.sub(r"\s+", "", m["pct"]),
            }
        )
        return m["name"] or ""

    return _TICKER.sub(keep_name, text).strip(), found


# --- the pass over the lines ---------------------------------------------------------------

_FRONT_KEYS = {
    "title": "title",
    "author": "author",
    "byline": "author",
    "source": "url",
    "url": "url",
    "link": "url",
    "published": "date",
    "date": "date",
    "pubdate": "date",
    "site": "site",
    "site_name": "site",
    "sitename": "site",
    "publisher": "site",
}


def _front_matter(page: _Page) -> None:
    """Reader-mode clippers start with `---` YAML front matter: title, source URL, author."""
    lines = page.lines
    if not lines or lines[0] != "---":
        return
    end = next((k for k in range(1, min(len(lines), 40)) if lines[k] == "---"), None)
    if end is None:
        return
    for k in range(1, end):
        name, sep, value = lines[k].partition(":")
        value = value.strip().strip("\"'[]").strip()
        field_name = _FRONT_KEYS.get(name.strip().lower())
        if sep and value and field_name and field_name not in page.front:
            page.front[field_name] = value
    for k in range(end + 1):
        lines[k] = ""


def _markdown(line: str, page: _Page) -> str:
    """Reader-mode markdown -> the text a reader sees; link targets are kept as hosts."""
    if m := _MD_HEADING.match(line):
        line = line[m.end() :]
        if len(m["level"]) == 1 and page.h1 is None and page.in_head:
            page.h1 = line
    line = _MD_QUOTE.sub("", line)
    line = _MD_EMPHASIS.sub(lambda m: m["text"], line)
    if "](" in line:
        for m in _MD_LINK.finditer(line):
            page.hosts.extend(layout.hosts(m["url"]))
        line = _MD_LINK.sub(lambda m: m["text"], line)
    return line.strip()


def _scan(page: _Page) -> None:
    """One pass over the lines: pull out metadata and furniture, keep content lines."""
    in_related = False
    for i, raw in enumerate(page.lines):
        if not raw:
            in_related = False
            continue
        if image := _IMAGE.match(raw):
            page.captions.append(_caption(image["alt"], image["url"]))
            page.hosts.extend(layout.hosts(image["url"]))
            if d := _url_date(image["url"]):
                page.dates.append(d)
            continue
        line = _markdown(raw, page)
        if (_RELATED_HEAD.search(line) and len(line) <= 40) or layout.opens_list(line):
            in_related = True
            _mark_list(page, i)
            page.consumed.append(i)
            continue
        if _metadata(page, i, line) or _furniture(page, i, line):
            page.consumed.append(i)
            continue
        if in_related and _LIST_ITEM.match(line):
            item = _LIST_ITEM.sub("", line)
            if _BYLINE.match(item) or _BYLINE.match(line):
                page.author = page.author or _byline_name(item) or _byline_name(line)
            else:
                page.related.append(re.sub(r"^기사\s*이미지\s*", "", item))
            page.consumed.append(i)
            continue
        if (name := _byline_name(line)) and len(line) <= 60:
            page.author = page.author or name
            if page.in_head:
                page.anchors.append(i)
            elif page.closing_byline is None:
                page.closing_byline = i
            page.consumed.append(i)
            continue
        if _COPYRIGHT.search(line) and len(line) <= 200:
            named = _press(line)
            # `ⓒ 전자신문 & etnews.com` names a known press: as good as a full notice.
            known = named is not None and layout.press_named(named) is not None
            if _FULL_COPYRIGHT.search(line) or known or layout.hosts(line):
                # `<저작권자 ⓒ 한빛일보, 무단전재 …>` names the press and closes the article
                # (the first such line: a portal's own footer comes later); a bare
                # `ⓒ 윤지후` under a photo only credits the photographer.
                if not page.press_line_seen:
                    page.press = named or page.press
                page.press_line_seen = True
                if page.body_line is not None and page.tail_line is None:
                    page.tail_line = i
            elif not page.press_line_seen:
                page.press = page.press or named
            page.consumed.append(i)
            continue
        if m := _TEXT_DATE.search(line):
            page.dates.append(_iso(m[1], m[2], m[3]))
            if len(line) <= 60:
                page.consumed.append(i)
                continue
        if (m := _DATELINE.match(line)) and (m["name1"] or m["name2"]):
            page.author = page.author or m["name1"] or m["name2"]
            if m["press"] and m["name2"]:
                page.press = page.press or m["press"]
            line = line[m.end() :].strip()
            if not line or layout.is_nav_line(line):
                continue
        if page.in_head and (press := layout.press_named(line)):
            page.press_line = page.press_line or press
            page.consumed.append(i)
            continue
        if len(line) <= 130 and (cap := _CAPTION_LINE.match(line)):
            page.captions.append(Caption(text=cap["text"].strip(" /|"), credit=cap["credit"]))
            page.consumed.append(i)
            continue
        in_related = False
        if page.body_line is None and layout.is_paragraph(line):
            page.body_line = i
        page.content.append((i, line))


def _furniture(page: _Page, i: int, line: str) -> bool:
    """Buttons, menus, counters, hashtags, bare URLs, the tail's headings: no content."""
    if not line:
        return True
    if _BARE_URL.match(line):
        page.hosts.extend(layout.hosts(line))
        return True
    if not page.in_head and page.tail_line is None and layout.opens_tail(line):
        page.tail_line = i
        return True
    if layout.is_date_label(line) or layout.is_player_text(line):
        return True
    if _COUNTED.match(line) and any(_COUNTED.match(u) for u in _neighbours(page.lines, i)):
        return True  # a blog's category list: `국내여행 (94)`, `강원도 (31)`
    if layout.is_nav_line(line) or _NAV_COUNTER.match(line):
        page.nav_hits += 1
        return True
    if layout.is_ui_line(line) or layout.is_noise_line(line):
        return True
    if tags := layout.hashtags(line):
        page.tags.extend(t for t in tags if t not in page.tags)
        return True
    return False


def _neighbours(lines: list[str], i: int) -> list[str]:
    """The non-empty lines just before and after line i."""
    before = next((u for u in reversed(lines[max(0, i - 2) : i]) if u), "")
    after = next((u for u in lines[i + 1 : i + 3] if u), "")
    return [u for u in (before, after) if u]


def _mark_list(page: _Page, i: int) -> None:
    if not page.in_head:
        page.lists.append(i)


def _metadata(page: _Page, i: int, line: str) -> bool:
    """A date line: its date (and a name on it) go to the record."""
    dl = layout.date_line(line)
    if dl is None:
        return False
    if not (page.in_head or dl.labelled or dl.timed or dl.rest):
        return False  # a bare date inside the article is text (a diary heading, a list)
    if page.in_head:
        page.stamps.append((i, dl))
        page.anchors.append(i)
        if dl.rest and (name := layout.name_of(dl.rest)):
            if re.search(r"기자|특파원", dl.rest):
                page.author = page.author or name
            else:
                page.blog_author = page.blog_author or name
    else:
        page.dates.extend(s.date for s in dl.stamps if s.date and s.label and s.published)
    for s in dl.stamps:
        page.hosts.extend(layout.hosts(s.label or ""))
    return True


# --- the head: title, deck and author next to the date line ---------------------------------


@dataclass
class _Head:
    """What the lines above the first paragraph give: title, deck, author, and what is left."""

    title: str | None
    deck: tuple[str, ...]
    author: str | None
    rest: list[tuple[int, str]]

    @classmethod
    def find(cls, page: _Page, numbered: list[tuple[int, str]]) -> _Head | None:
        """None when the page has no date or byline line above its first paragraph."""
        if not page.anchors:
            return None
        body_line = page.body_line if page.body_line is not None else len(page.lines)
        head = [(i, t) for i, t in numbered if i < body_line]
        body = [(i, t) for i, t in numbered if i >= body_line]
        first, last = min(page.anchors), max(page.anchors)
        author = None
        if not (page.author or page.blog_author or page.front.get("author")):
            author, head = _adjacent_name(page, head, first, last)
        runs = _runs(page, head)
        above = [r for r in runs if r[-1][0] < first]
        below = [r for r in runs if r[0][0] > first]
        title: str | None = None
        deck: tuple[str, ...] = ()
        title_line = -1
        for run in [*reversed(above), *below]:
            k = _title_in(run)
            if k is not None:
                title, title_line = run[k][1], run[k][0]
                deck = tuple(t for _, t in run[k + 1 :] if layout.is_headline(t))
                break
        if title is None and page.h1 is None and page.front.get("title") is None:
            return None
        kept = set(deck)
        # Lines after the anchors (and after a title found below them) stay as text.
        after = max(last, title_line)
        rest = [
            (i, t)
            for i, t in head
            if i > after and t not in kept and t != title and not _between(page, i, body_line)
        ]
        return cls(title=title, deck=deck, author=author, rest=rest + body)


def _title_in(run: list[tuple[int, str]]) -> int | None:
    """The title's place in a run of head lines: the first headline-shaped line, passing
    over a short label before a fuller one (a category such as `IT 리뷰`)."""
    headlines = [k for k, (_, t) in enumerate(run) if layout.is_headline(t)]
    if not headlines:
        return None
    full = [k for k in headlines if not layout.is_short_label(run[k][1])]
    return full[0] if full else headlines[0]


def _runs(page: _Page, head: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Header lines in runs: a furniture or metadata line between two lines breaks a run."""
    runs: list[list[tuple[int, str]]] = []
    for i, t in head:
        if runs and not _between(page, runs[-1][-1][0], i):
            runs[-1].append((i, t))
        else:
            runs.append([(i, t)])
    return runs


def _between(page: _Page, a: int, b: int) -> bool:
    """Is a consumed line (a button, a date) between lines a and b?"""
    k = bisect.bisect_right(page.consumed, a)
    return k < len(page.consumed) and page.consumed[k] < b


def _adjacent_name(
    page: _Page, head: list[tuple[int, str]], first: int, last: int
) -> tuple[str | None, list[tuple[int, str]]]:
    """A nickname line right above the date (with a title above it) or right below it."""
    before = [(i, t) for i, t in head if i < first]
    if len(before) >= 2:
        i, t = before[-1]
        name = layout.name_of(t)
        titled = any(layout.is_headline(u) for _, u in before[:-1])
        if name and titled and _close(page, i, first):
            return name, [(k, u) for k, u in head if k != i]
    after = [(i, t) for i, t in head if i > last]
    if after:
        i, t = after[0]
        if (name := layout.name_of(t)) and len(t) <= 12 and _close(page, last, i):
            return name, [(k, u) for k, u in head if k != i]
    return None, head


def _close(page: _Page, a: int, b: int) -> bool:
    """Lines a and b are neighbours: at most separators (`・`, blank lines) and buttons or
    counters (`팔로워 2,481`, `이웃추가`) between them."""
    furniture = set(page.consumed)
    return not any(
        page.lines[k] and not layout.is_noise_line(page.lines[k]) and k not in furniture
        for k in range(a + 1, b)
    )


# --- the tail and the end of the body ------------------------------------------------------


def _cut_tail(page: _Page, numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop what follows a comments/profile heading, and the short lines of related lists."""
    out: list[tuple[int, str]] = []
    lists = sorted(page.lists)
    for i, t in numbered:
        if page.tail_line is not None and i > page.tail_line:
            break
        # The reporter's box after the closing byline: `수도권 지역 소식을 전합니다.`
        after_byline = page.closing_byline is not None and i > page.closing_byline
        if after_byline and not layout.is_paragraph(t):
            continue
        k = bisect.bisect_left(lists, i) - 1
        if k >= 0 and not layout.is_paragraph(t):
            opened = lists[k]
            resumed = any(j > opened and layout.is_paragraph(u) for j, u in out if j < i)
            if not resumed:
                continue
        out.append((i, t))
    return out


# `KBS 뉴스 박서연입니다.`: in news, a short sentence of several words is text (a broadcast
# sign-off), not a box or a counter; a blog's `프론트엔드 개발자입니다.` is its author box.
_SHORT_SENTENCE = re.compile(r"\S\s+\S.*[가-힣](?:다|요|죠)[.!]$")


def _kept_short(line: str, kind: Kind) -> bool:
    if layout.is_paragraph(line) or len(line) > 30:
        return True
    return kind == "news" and bool(_SHORT_SENTENCE.search(line))


def _trim_end(paras: list[str], kind: Kind) -> list[str]:
    """Short lines after the last paragraph (author box, keywords, counters) are furniture."""
    end = len(paras)
    while end > 1 and not _kept_short(paras[end - 1], kind):
        end -= 1
    if not any(layout.is_paragraph(p) for p in paras[:end]):
        return paras
    return paras[:end]


# --- metadata ------------------------------------------------------------------------------


def _dates(page: _Page, kind: Kind, meta: dict[str, Any]) -> str | None:
    """Published date from the head (time and update in meta), else the legacy sources."""
    stamps: list[Stamp] = [s for _, dl in page.stamps for s in dl.stamps]
    published = next((s for s in stamps if s.date and s.published), None)
    modified = next((s for s in stamps if s.date and s.modified), None)
    chosen = published or modified
    if chosen and chosen.time:
        meta["time"] = chosen.time
    if modified and modified is not chosen:
        meta["updated"] = f"{modified.date} {modified.time}" if modified.time else modified.date
    if chosen is None and (rel := next((s.relative for s in stamps if s.relative), None)):
        meta["relative_date"] = rel
    front = page.front.get("date")
    if front and (m := re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", front)):
        return _iso(m[1], m[2], m[3])
    if chosen:
        return chosen.date
    return _first(page.dates)


def _host_press(page: _Page) -> str | None:
    return next((p for h in page.hosts if (p := layout.press_of_host(h))), None)


def _byline_name(line: str) -> str | None:
    m = _BYLINE.match(line) or _BYLINE_EMAIL.search(line)
    return m["name"] if m else None


def _press(line: str) -> str | None:
    m = _COPYRIGHT_PRESS.search(line)
    rest = m["rest"] if m else re.sub(r"^.*저작권자", "", line)
    rest = _QUOTED.sub(" ", rest)
    # `ⓒ dongA.com`: a known press's web address names it.
    hosted = (layout.press_of_host(w.lower().strip(".,:;")) for w in rest.split() if "." in w)
    if by_host := next((p for p in hosted if p), None):
        return by_host
    rest = re.split(r"[.,(<>]|무단|all rights|AI\s*학습", rest, maxsplit=1, flags=re.I)[0]
    words = rest.strip(" >:").split()
    known = next((p for w in words if (p := layout.press_named(w))), None)
    # `공감언론 뉴시스통신사`: a slogan before the name, a kind of outlet glued after it.
    known = known or next((p for w in words if (p := layout.press_within(w))), None)
    return known or (words[-1] if words else None)


def _caption(alt: str, url: str) -> Caption:
    m = _CREDIT.search(alt)
    if m:
        return Caption(text=alt[: m.start()].strip(), credit=m["credit"].strip(), url=url)
    return Caption(text=alt.strip(), url=url)


def _url_date(url: str) -> str | None:
    m = _URL_DATE.search(url)
    return _iso(m[1], m[2], m[3]) if m else None


def _iso(y: str, m: str, d: str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _kind(page: _Page, platform: str | None) -> Kind:
    portal = platform is not None and not layout.is_blog_platform(platform)
    press = page.press or page.press_line
    labelled = any(s.label and s.published for _, dl in page.stamps for s in dl.stamps)
    news = (
        (press is not None) * 2
        + page.press_line_seen * 2  # 저작권자 … 무단전재: a press's notice, not a blog's
        + (page.author is not None) * 2
        + bool(page.captions)
        + labelled
        + portal * 4
    )
    blog = (
        (page.blog_author is not None) * 2
        + min(page.nav_hits, 3)
        + layout.is_blog_platform(platform) * 4
    )
    if news == 0 and blog == 0:
        return "unknown"
    return "news" if news > blog else "blog"


def _platform(page: _Page) -> str | None:
    """The platform whose signs (data/platforms.toml) or hosts the page shows most; on a
    tie, the one listed first."""
    hits: Counter[str] = Counter()
    for line in page.lines:
        if line:
            hits.update(layout.platform_signs(line))
    for host in page.hosts:
        if (name := layout.platform_of_host(host)) is not None:
            hits[name] += 3
    best, best_hits = None, 0
    for platform in platforms():
        if hits[platform.name] > best_hits:
            best, best_hits = platform.name, hits[platform.name]
    return best


def _drop_repeats(page: _Page, content: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Blog editors print an image caption twice in a row: keep it once, as a caption."""
    out: list[tuple[int, str]] = []
    previous: str | None = None
    for i, line in content:
        if line == previous and not _SENTENCE_END.search(line):
            if out and out[-1][1] == line:
                out.pop()
                page.captions.append(Caption(text=line))
            previous = None
            continue
        out.append((i, line))
        previous = line
    return out


def _news_deck(paras: list[tuple[int, str]]) -> tuple[tuple[str, ...], list[str]]:
    """Short headline-like lines above the first paragraph are the deck (sub-headlines)."""
    deck: list[str] = []
    for k, (_, line) in enumerate(paras):
        if len(line) > 70 or (_SENTENCE_END.search(line) and len(line) > 40):
            return tuple(deck), [p for _, p in paras[k:]]
        deck.append(line)
    return (), [p for _, p in paras]


def _first_line_title(paras: list[tuple[int, str]]) -> tuple[str | None, list[str]]:
    lines = [p for _, p in paras]
    if len(lines) > 1 and len(lines[0]) <= 100 and not _SENTENCE_END.search(lines[0]):
        return lines[0], lines[1:]
    return None, lines
