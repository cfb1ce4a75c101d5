"""Plain-text page dumps -> Article: news and blog layouts, their boilerplate and metadata.

A page dump is what a reader or crawler saved of a web page: the article with the site's
furniture around it. Layouts are recognised by general markers of the genre (a copyright
footer naming the press, a reporter byline, a blog's `by NAME DATE` line and navigation
words), never by file name. Boilerplate is dropped from the body; the metadata it carries
(press, reporter, date, platform, tickers) goes into the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ai_discourse.records import Article, Caption, Kind

# --- markers -------------------------------------------------------------------------------

_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]+)[^)]*\)\s*$")
_CREDIT = re.compile(
    r"\s*[/|]\s*(?P<kind>사진|그래픽|자료|영상|출처|캡처)\s*[=:]\s*(?P<credit>.+)$"
)
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{2,}|(?!\d))")
_TEXT_DATE = re.compile(
    r"(?:입력|등록|게재|발행|기사입력|승인|작성|송고|업데이트)\s*[:：]?\s*"
    r"(20\d{2})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})"
)
_COPYRIGHT = re.compile(r"저작권자|copyright|[ⓒ©]|\(c\)|무단\s*전재|재배포\s*금지", re.I)
_COPYRIGHT_PRESS = re.compile(r"(?:저작권자\s*)?(?:[ⓒ©]|\(c\)|copyright)\s*(?P<rest>.+)", re.I)
_QUOTED = re.compile(r"[‘'\"“][^’'\"”]*[’'\"”]")
_BYLINE = re.compile(
    r"^[-–·\[\(]?\s*(?:기자\s*사진\s*)?(?:[가-힣A-Za-z]+\s+)?"
    r"(?P<name>[가-힣]{2,4})\s*(?:선임|수석|객원|인턴|전문)?\s*기자(?:\s*[=\]\)]|\s+\S+@\S+|\s*$)"
)
_BYLINE_EMAIL = re.compile(r"(?P<name>[가-힣]{2,4})\s*기자\s*\(?[\w.+-]+@[\w-]+\.[\w.]+\)?")
# `by 선라이저 2025. 2. 10.` (Tistory), `투자일기 · 2024. 11. 8. 9:30` (Naver Blog).
_BLOG_BYLINE = re.compile(
    r"^(?:by\s+)?(?!(?:입력|등록|수정|송고|게재|발행|기사입력|승인|작성)\b)"
    r"(?P<author>[^\d\s][^\d]{0,30}?)\s*[·|]?\s+(?P<y>20\d{2})\s*\.\s*(?P<m>\d{1,2})\s*\.\s*(?P<d>\d{1,2})\s*\.?"
    r"(?:\s*\d{1,2}:\d{2})?\s*$",
    re.I,
)
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
_TICKER = re.compile(
    r"(?P<name>[\w&.·]+)?\s?\(\s*(?P<price>[\d,]+원)\s*(?P<change>[▲▼△▽↑↓+\-−]?\s*[\d,]+)?\s*"
    r"(?P<pct>[+\-−]?\s*[\d.]+%)\s*\)"
)

# Site furniture seen as whole lines on Korean blog platforms and portals.
_NAV_LINES = frozenset(
    (
        *("본문 바로가기", "메뉴 바로가기", "카테고리 없음", "반응형", "댓글", "공감", "좋아요"),
        *("구독", "구독하기", "공유하기", "신고하기", "티스토리툴바", "블로그 홈", "블로그 메뉴"),
        *("이웃추가", "본문 기타 기능", "맨 위로", "관련글", "관련 글", "전체 글", "전체 카테고리"),
        *("공지사항", "최근 글", "인기 글", "최근 댓글", "검색하기", "태그", "방명록", "글쓰기"),
        *("관리", "로그인", "로그아웃", "URL 복사", "이전 글", "다음 글", "카카오톡 공유"),
        *("페이스북 공유", "트위터 공유", "링크 복사", "프린트", "글자크기", "목록", "Top", "TOP"),
    )
)
_NAV_COUNTER = re.compile(r"^(?:댓글|공감|좋아요|조회수?)\s*\d+\s*(?:개)?$")
_PLATFORMS = (
    ("Tistory", re.compile(r"tistory|티스토리|^카테고리 없음$|^반응형$", re.I)),
    ("Naver Blog", re.compile(r"blog\.naver|네이버\s*블로그|^이웃추가$", re.I)),
    ("Brunch", re.compile(r"brunch\.co\.kr|브런치", re.I)),
    ("Velog", re.compile(r"velog\.io", re.I)),
)
_SENTENCE_END = re.compile(r"[.!?。][\"'”’)]*\s*$|다\s*$")


@dataclass
class _Page:
    """What a pass over the lines found; turned into an Article at the end."""

    lines: list[str]
    content: list[tuple[int, str]] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    press: str | None = None
    author: str | None = None
    blog_author: str | None = None
    blog_date: str | None = None
    blog_byline_at: int | None = None
    title_at: int | None = None
    nav_hits: int = 0
    related: list[str] = field(default_factory=list)


def parse_page(text: str, *, path: str, article_id: str) -> Article:
    """Parse a normalized page dump into an Article (kind news, blog or unknown)."""
    page = _Page(lines=[" ".join(line.split()) for line in text.split("\n")])
    _scan(page)
    kind = _kind(page)
    title: str | None = None
    deck: tuple[str, ...] = ()
    numbered = _drop_repeats(page)
    paragraphs: list[str]
    if kind == "blog":
        title, paragraphs = _blog_title(page, numbered)
    elif kind == "news":
        title, numbered = _news_title(page, numbered)
        deck, paragraphs = _news_deck(numbered)
    else:
        title, paragraphs = _first_line_title(numbered)

    body_paras: list[str] = []
    tickers: list[dict[str, str]] = []
    for para in paragraphs:
        cleaned, found = strip_tickers(para)
        tickers.extend(found)
        if cleaned and cleaned not in _NAV_LINES:
            body_paras.append(cleaned)
    meta: dict[str, Any] = {}
    if tickers:
        meta["tickers"] = tickers
    if page.related:
        meta["related_articles"] = page.related

    source = page.press if kind == "news" else _platform(page) if kind == "blog" else None
    date = page.blog_date if kind == "blog" and page.blog_date else _first(page.dates)
    author = page.blog_author if kind == "blog" else page.author
    return Article(
        id=article_id,
        path=path,
        kind=kind,
        source=source,
        title=title,
        date=date,
        author=author,
        url=None,
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


def _scan(page: _Page) -> None:
    """One pass over the lines: pull out metadata and furniture, keep content lines."""
    in_related = False
    for i, line in enumerate(page.lines):
        if not line:
            in_related = False
            continue
        if image := _IMAGE.match(line):
            page.captions.append(_caption(image["alt"], image["url"]))
            if d := _url_date(image["url"]):
                page.dates.append(d)
            continue
        if line in _NAV_LINES or _NAV_COUNTER.match(line):
            page.nav_hits += 1
            continue
        if blog := _BLOG_BYLINE.match(line):
            page.blog_author = blog["author"].strip()
            page.blog_date = _iso(blog["y"], blog["m"], blog["d"])
            page.blog_byline_at = len(page.content)
            continue
        if _RELATED_HEAD.search(line) and len(line) <= 40:
            in_related = True
            continue
        if in_related and _LIST_ITEM.match(line):
            item = _LIST_ITEM.sub("", line)
            if _BYLINE.match(item) or _BYLINE.match(line):
                page.author = page.author or _byline_name(item) or _byline_name(line)
            else:
                page.related.append(re.sub(r"^기사\s*이미지\s*", "", item))
            continue
        if (name := _byline_name(line)) and len(line) <= 60:
            page.author = page.author or name
            continue
        if _COPYRIGHT.search(line) and len(line) <= 200:
            page.press = page.press or _press(line)
            continue
        if m := _TEXT_DATE.search(line):
            page.dates.append(_iso(m[1], m[2], m[3]))
            if len(line) <= 60:
                if page.title_at is None and 0 < len(page.content) <= 3:
                    page.title_at = len(page.content) - 1
                continue
        if (m := _DATELINE.match(line)) and (m["name1"] or m["name2"]):
            page.author = page.author or m["name1"] or m["name2"]
            if m["press"] and m["name2"]:
                page.press = page.press or m["press"]
            line = line[m.end() :].strip()
            if not line or line in _NAV_LINES:
                continue
        in_related = False
        page.content.append((i, line))


def _byline_name(line: str) -> str | None:
    m = _BYLINE.match(line) or _BYLINE_EMAIL.search(line)
    return m["name"] if m else None


def _press(line: str) -> str | None:
    m = _COPYRIGHT_PRESS.search(line)
    rest = m["rest"] if m else re.sub(r"^.*저작권자", "", line)
    rest = _QUOTED.sub(" ", rest)
    rest = re.split(r"[.,(<>]|무단|all rights|AI\s*학습", rest, maxsplit=1, flags=re.I)[0]
    words = rest.strip(" >:").split()
    return words[-1] if words else None


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


def _kind(page: _Page) -> Kind:
    news = (page.press is not None) * 2 + (page.author is not None) + bool(page.captions)
    blog = (page.blog_author is not None) * 2 + min(page.nav_hits, 3)
    if news == 0 and blog == 0:
        return "unknown"
    return "news" if news > blog else "blog"


def _platform(page: _Page) -> str | None:
    best, best_hits = None, 0
    for name, pattern in _PLATFORMS:
        hits = sum(1 for line in page.lines if line and pattern.search(line))
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def _drop_repeats(page: _Page) -> list[tuple[int, str]]:
    """Blog editors print an image caption twice in a row: keep it once, as a caption."""
    out: list[tuple[int, str]] = []
    previous: str | None = None
    for i, line in page.content:
        if line == previous and not _SENTENCE_END.search(line):
            if out and out[-1][1] == line:
                out.pop()
                page.captions.append(Caption(text=line))
            previous = None
            continue
        out.append((i, line))
        previous = line
    return out


def _blog_title(page: _Page, paras: list[tuple[int, str]]) -> tuple[str | None, list[str]]:
    """The title is the last content line before the `by AUTHOR DATE` line."""
    at = page.blog_byline_at
    if at and at > 0:
        title_line = page.content[at - 1][1]
        index = next((k for k, (_, line) in enumerate(paras) if line == title_line), None)
        if index is not None:
            # Anything above the title is site chrome (blog name, menu).
            return title_line, [line for _, line in paras[index + 1 :]]
    return _first_line_title(paras)


def _news_title(
    page: _Page, paras: list[tuple[int, str]]
) -> tuple[str | None, list[tuple[int, str]]]:
    """A headline is the line just above an `입력 2024.10.08`-style date line near the top."""
    if page.title_at is None:
        return None, paras
    line_no = page.content[page.title_at][0]
    index = next((k for k, (i, _) in enumerate(paras) if i == line_no), None)
    if index is None:
        return None, paras
    return paras[index][1], paras[index + 1 :]


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
