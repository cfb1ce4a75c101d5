"""Line-level judgements a page parser needs, independent of any one site.

Is this line a button or a menu (a vocabulary of UI words plus counters)? Does it open the
end of a page (comments, related posts)? Is it a date line (`입력 2025.02.10. 오후 2:30`,
`투자일기 · 2025. 2. 10. 14:30`, `by 작가 Feb 10. 2025`, `3시간 전`) and what else does it
carry (a name)? Is it shaped like a name, a headline, a section label? Which press or
platform does a name, a URL or an e-mail address point to? The vocabulary lives in
data/ui_words.txt and the platforms in data/platforms.toml, so that a new site's buttons or
a new blog platform are an edit there, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from ai_discourse.resources import Platform, platforms, ui_words


def key(text: str) -> str:
    """How furniture words are compared: case and spacing ignored."""
    return "".join(text.split()).casefold()


def _spaced(text: str) -> str:
    """A word list entry as a regex: a space stands for any spacing or none."""
    return r"\s*".join(re.escape(w) for w in text.split())


# --- the vocabulary ------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """UI words (one regex over all phrases), navigation lines, tail openers, press names and
    their domains."""

    ui: re.Pattern[str]
    nav: frozenset[str]
    tail: frozenset[str]
    related: frozenset[str]
    press: dict[str, str]
    domains: tuple[tuple[str, str], ...]


@cache
def vocabulary() -> Vocabulary:
    """The matchers built from data/ui_words.txt, once per process."""
    words = ui_words()
    # Navigation lines are buttons too; sorted for one regex whatever the hash seed.
    phrases = sorted({*words.ui, *words.nav}, key=lambda p: (-len(p), p))
    alternation = "|".join(_spaced(p) for p in phrases)
    ui = re.compile(rf"(?<![가-힣a-z])(?:{alternation})(?![가-힣a-z])", re.I)
    press: dict[str, str] = {}
    domains: list[tuple[str, str]] = []
    for name, hosts, spellings in words.press:
        press[key(name)] = name
        domains.extend((host, name) for host in hosts)
        for spelling in spellings:
            press[key(spelling)] = name
    # Longest domain first: biz.chosun.com is 조선비즈, not 조선일보.
    domains.sort(key=lambda d: len(d[0]), reverse=True)
    return Vocabulary(
        ui=ui,
        nav=frozenset(key(t) for t in words.nav),
        tail=frozenset(key(t) for t in words.tail),
        related=frozenset(key(t) for t in words.related),
        press=press,
        domains=tuple(domains),
    )


# --- furniture lines -----------------------------------------------------------------------

_COUNTER = re.compile(r"\d[\d,.]*\s*(?:개|명|회|건|만|천|k|K)?\+?")
_PUNCT_ONLY = re.compile(r"^[\s\W_]*$")
_SENTENCE_STOP = re.compile(r"(?:[.!?。]|[다요죠]\s*[.!?~]?)[\"'”’)\]]*\s*$")


def strip_ui(line: str) -> str:
    """The line without its UI words (what is left when buttons are taken away)."""
    return vocabulary().ui.sub(" ", line)


def is_nav_line(line: str) -> bool:
    """A line that is only a navigation entry of a blog or portal (`반응형`, `이웃추가`)."""
    return key(line) in vocabulary().nav


def is_ui_line(line: str) -> bool:
    """A short line made only of button/menu words and counters (`댓글 3 공유하기`)."""
    if len(line) > 60 or (_SENTENCE_STOP.search(line) and len(line) > 12):
        return False
    rest = strip_ui(line)
    if rest == line:
        return False
    return bool(_PUNCT_ONLY.match(_COUNTER.sub(" ", rest)))


# A media player's fallback text, copied with the page.
_PLAYER_TEXT = re.compile(
    r"^(?:your browser does not support|이\s*브라우저(?:에서)?는|브라우저가\s).{0,60}"
    r"(?:element|video|audio|지원하지\s*않습니다)",
    re.I,
)


def is_player_text(line: str) -> bool:
    """`Your browser does not support the audio element.`: a player's fallback, not text."""
    return len(line) <= 100 and bool(_PLAYER_TEXT.match(line))


def is_noise_line(line: str) -> bool:
    """Only digits and punctuation (`10`, `・`, `1,234`, `|`): counters split from buttons."""
    return len(line) <= 16 and bool(_PUNCT_ONLY.match(_COUNTER.sub(" ", line)))


_TAIL_PATTERNS = re.compile(
    r"^(?:이\s*블로그\s*.{0,20}글|이\s*기사는\s*언론사에서.*분류했습니다\.?|.{1,20}\s*헤드라인"
    # `이 기사가 마음에 들었다면, 좋아요를 눌러주세요.`: a button's prompt after the text
    r"|.{0,12}(?:마음에\s*(?:드셨|들었|드셨었)다면|도움이\s*(?:되셨|됐|되었)다면).{0,30}(?:눌러|부탁).*"
    r"|.{1,20}님의\s*(?:다른|최근)\s*글|.{1,20}의\s*(?:다른|최근)\s*(?:글|포스트))$"
)


def opens_tail(line: str) -> bool:
    """A heading after which a page has only furniture: comments, profiles, other posts."""
    if len(line) > 40:
        return False
    words = key(_COUNTER.sub("", line)).rstrip(":：")
    return words in vocabulary().tail or bool(_TAIL_PATTERNS.match(line))


def opens_list(line: str) -> bool:
    """A heading of a list of other articles (`관련 기사`, `많이 본 뉴스`)."""
    return len(line) <= 40 and key(_COUNTER.sub("", line)) in vocabulary().related


def hashtags(line: str) -> list[str] | None:
    """`#카카오 #실적` -> the tags; None when the line is not only hashtags."""
    words = line.split()
    if words and all(w.startswith("#") and len(w) > 1 for w in words):
        return [w.lstrip("#") for w in words]
    return None


_PERIOD = re.compile(r"[.。][\"'”’)\]]*\s*$")
_EXCLAIM = re.compile(r"[!?~][\"'”’)\]]*\s*$")


def is_paragraph(line: str) -> bool:
    """Running text, not a heading or a button: a sentence closed by a full stop (headlines
    end in `…다` or `?` without one), or a long line."""
    if len(line) >= 90:
        return True
    return (len(line) >= 20 and bool(_PERIOD.search(line))) or (
        len(line) >= 40 and bool(_EXCLAIM.search(line))
    )


# --- dates ---------------------------------------------------------------------------------

_PUBLISHED = (
    "입력",
    "등록",
    "송고",
    "게재",
    "발행",
    "작성",
    "승인",
    "게시",
    "전송",
    "published",
    "posted",
)
_LABEL = (
    r"(?P<label>기사\s*입력|최초\s*입력|최종\s*수정|최종\s*업데이트|기사\s*전송|입력|등록|수정"
    r"|업데이트|송고|게재|발행|작성|승인|게시|전송|published|updated|posted|modified)"
    r"(?:\s*(?:일시|시간|일))?\s*[:：]?\s*"
)
_YMD = (
    r"(?P<y>(?:19|20)\d{2})\s*(?:[.\-/]|년)\s*(?P<m>\d{1,2})\s*(?:[.\-/]|월)\s*"
    r"(?P<d>\d{1,2})(?!\d)(?:\s*일|\s*\.)?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MDY = (
    rf"(?P<mon>{'|'.join(_MONTHS)})[a-z]*\.?\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s*[.,]?\s*"
    r"(?P<y2>(?:19|20)\d{2})"
)
_RELATIVE = r"(?P<rel>(?:약\s*)?\d+\s*(?:초|분|시간|일|주|개월|달|년)\s*전|방금\s*전?|어제|그저께)"
_TIME = (
    r"(?:\s*T|\s*[,·]?\s*\(?)(?:(?P<ampm>오전|오후|am|pm)\s*)?(?P<hh>\d{1,2}):(?P<mm>\d{2})"
    r"(?::\d{2})?(?:\.\d+)?(?:\s*(?P<ampm2>am|pm)\b)?(?:[+\-]\d{2}:?\d{2}|Z)?\)?"
)
# `25.03.07 18:42`: a two-digit year, read only with a time after it (never a decimal).
_YMD2 = r"(?<![\d.])(?P<y3>\d{2})\.(?P<m3>[01]\d)\.(?P<d3>[0-3]\d)(?=\s+\d{1,2}:\d{2})"
_DATE = re.compile(rf"(?:{_LABEL})?(?:{_YMD}|{_YMD2}|{_MDY}|{_RELATIVE})(?:{_TIME})?", re.I)
_BAR_AS_L = re.compile(r"(?<=\d)l(?=[^\sa-z])")
_HANDLE = re.compile(r"(?<=[가-힣])\s*\([a-z0-9_.]{3,}\)", re.I)
_LABEL_ONLY = re.compile(rf"^\s*{_LABEL}\s*$", re.I)
_SEPARATORS = re.compile(r"[·|・ㆍ/,()\[\]<>:：\-–—•]+")
_BY = re.compile(r"^(?:by|글|글·사진|작성자|기고|posted\s+by)\s+", re.I)


@dataclass(frozen=True)
class Stamp:
    """One date on a date line: what it labels (입력/수정/None), the ISO date, the time."""

    label: str | None
    date: str | None
    time: str | None = None
    relative: str | None = None

    @property
    def published(self) -> bool:
        return self.label is None or self.label.replace(" ", "").lower().endswith(_PUBLISHED)

    @property
    def modified(self) -> bool:
        return self.label is not None and not self.published


@dataclass(frozen=True)
class DateLine:
    """A line that is mostly a date: its stamps and what else it says (a name, or nothing)."""

    stamps: tuple[Stamp, ...]
    rest: str

    @property
    def labelled(self) -> bool:
        return any(s.label for s in self.stamps)

    @property
    def timed(self) -> bool:
        return any(s.time for s in self.stamps)


def is_date_label(line: str) -> bool:
    """A line that is only a date's label (`작성일`, `입력`), its date on the next line."""
    return bool(_LABEL_ONLY.match(line))


def date_line(line: str) -> DateLine | None:
    """Read a date line (`입력 2025.02.10. 오후 2:30`, `NAME · 2025. 2. 10.`); None for a
    line that only mentions a date (a sentence or a headline that starts with one)."""
    if len(line) > 90:
        return None
    # `18:42l최종 업데이트`, `20:15l윤지후(jihoo82)`: a vertical bar saved as a letter l, and
    # a user handle after a name.
    line = _HANDLE.sub("", _BAR_AS_L.sub(" | ", line))
    matches = list(_DATE.finditer(line))
    if not matches:
        return None
    stamps = [_stamp(m) for m in matches]
    before = line[: matches[0].start()]
    gaps = [line[a.end() : b.start()] for a, b in pairwise(matches)]
    gaps.append(line[matches[-1].end() :])
    leftovers = []
    for i, gap in enumerate(gaps):
        words = _leftover(gap)
        # `2022-09-27 14:05 송고 | 2022-09-27 15:12 최종수정`: a label after its date.
        if not stamps[i].label and (label := _LABEL_ONLY.match(words or "x")):
            stamps[i] = Stamp(label["label"], stamps[i].date, stamps[i].time, stamps[i].relative)
        else:
            leftovers.append(words)
    after_words = " ".join(w for w in leftovers if w)
    labelled = any(s.label for s in stamps)
    if after_words and not labelled:
        return None  # `2025년 2월 10일 카카오 실적 발표`: a headline, not a date line
    rest = " ".join(w for w in (_leftover(before), after_words) if w)
    rest = _BY.sub("", rest).strip()
    if len(rest) > 30 or (rest and _SENTENCE_STOP.search(rest) and not rest.endswith("기자")):
        return None
    return DateLine(stamps=tuple(stamps), rest=rest)


def _leftover(text: str) -> str:
    text = _SEPARATORS.sub(" ", strip_ui(text))
    return " ".join(w for w in text.split() if not _COUNTER.fullmatch(w))


def _stamp(m: re.Match[str]) -> Stamp:
    label = " ".join(m["label"].split()) if m["label"] else None
    if m["rel"]:
        return Stamp(label, None, relative=" ".join(m["rel"].split()))
    if m["y"]:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    elif m["y3"]:
        y, mo, d = 2000 + int(m["y3"]), int(m["m3"]), int(m["d3"])
    else:
        y, mo, d = int(m["y2"]), _MONTHS.index(m["mon"][:3].lower()) + 1, int(m["d2"])
    iso = f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    time = None
    if m["hh"]:
        hour, minute = int(m["hh"]), int(m["mm"])
        ampm = (m["ampm"] or m["ampm2"] or "").lower()
        if ampm in ("오후", "pm") and hour < 12:
            hour += 12
        elif ampm in ("오전", "am") and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            time = f"{hour:02d}:{minute:02d}"
    return Stamp(label, iso, time)


# --- shapes of short lines -----------------------------------------------------------------

_REPORTER = re.compile(
    r"^(?P<name>[가-힣]{2,4})\s*(?:선임|수석|객원|인턴|전문)?\s*(?:기자|특파원)$"
)
_NICK_ID = re.compile(r"^(?P<nick>[^()]{1,20}?)\s*\((?P<id>[\w.\-]{2,30})\)$")


def name_of(text: str) -> str | None:
    """A person's or nickname's line (`김철수 기자`, `투자일기`, `by sunrise`, `곰돌이(bear_07)`)
    -> the name; None when the line is shaped otherwise."""
    text = _BY.sub("", text.strip()).strip(" ·|・")
    if m := _REPORTER.match(text):
        return m["name"]
    if m := _NICK_ID.match(text):
        text = m["nick"].strip()
    text = re.sub(r"\s*(?:작가|에디터|님)$", "", text)
    words = text.split()
    if not 1 <= len(words) <= 2 or not 2 <= len(text) <= 16:
        return None
    if _SENTENCE_STOP.search(text) or re.search(r"\d{3,}|[!?=\"“”'‘’]", text):
        return None
    if is_ui_line(text) or press_named(text):
        return None
    return text


def is_section_label(line: str) -> bool:
    """A category or breadcrumb (`경제·재테크`, `IT/과학`, `사회 > 사회일반`), not a headline."""
    if re.search(r"\s[>›»]\s", line):
        return True
    return len(line) <= 8 and (" " not in line or bool(re.search(r"[·/|]", line)))


_BARE_HOST = re.compile(r"(?:https?://)?(?:www\.)?[\w\-]+(?:\.[\w\-]+)+/?", re.ASCII)


def is_short_label(line: str) -> bool:
    """A line too short to be a title when a fuller one stands near: at most two words and
    eight characters (`IT 리뷰`, `경제`, `정치 일반`), or one word of at most twelve (a menu's
    `매경ECONOMY`)."""
    words = len(line.split())
    return (len(line) <= 8 and words <= 2) or (words == 1 and len(line) <= 12)


def is_headline(line: str) -> bool:
    """Could be a title: a few words, not a label, a counter, a button, a bare web address
    (`yna.co.kr`) or a full sentence."""
    if len(line) < 4 or len(line) > 150 or is_section_label(line) or is_noise_line(line):
        return False
    if _BARE_HOST.fullmatch(line.strip()):
        return False
    return not re.search(r"[.。]\s*$", line) or line.endswith(("...", "…"))


# --- press and platforms -------------------------------------------------------------------

_HOST = re.compile(r"(?:https?://|www\.|@)(?P<host>[\w\-]+(?:\.[\w\-]+)+)", re.I)


def _hosted(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


@cache
def _platform_signs() -> tuple[tuple[Platform, re.Pattern[str]], ...]:
    """Each platform of data/platforms.toml with one regex over its marks, lines, starts
    and patterns."""
    signs = []
    for platform in platforms():
        alternatives = [
            *(_spaced(m) for m in platform.marks),
            *(rf"^{_spaced(x)}$" for x in platform.lines),
            *(rf"^{_spaced(x)}" for x in platform.starts),
            *platform.patterns,
        ]
        # A platform known only by its hosts: a regex that never matches.
        pattern = "|".join(f"(?:{a})" for a in alternatives) or r"(?!)"
        signs.append((platform, re.compile(pattern, re.I)))
    return tuple(signs)


def platform_signs(line: str) -> list[str]:
    """The platforms whose signs a line shows (`티스토리`, `카테고리 없음`, `velog.io/@kim`)."""
    return [p.name for p, sign in _platform_signs() if sign.search(line)]


def is_blog_platform(name: str | None) -> bool:
    """Whether a platform of data/platforms.toml is a blog platform (not a portal)."""
    return any(p.name == name and p.kind == "blog" for p in platforms())


def hosts(line: str) -> list[str]:
    """Web hosts named in a line (URLs and e-mail domains), lower case."""
    return [m["host"].lower() for m in _HOST.finditer(line)]


def platform_of_host(host: str) -> str | None:
    """`blog.naver.com` -> Naver Blog, `v.daum.net` -> Daum News, … (the host or one of its
    domains is listed in data/platforms.toml)."""
    return next((p.name for p in platforms() if any(_hosted(host, d) for d in p.hosts)), None)


def press_of_host(host: str) -> str | None:
    """`www.hani.co.kr` -> 한겨레 (from the [press] table)."""
    for domain, name in vocabulary().domains:
        if _hosted(host, domain):
            return name
    return None


def press_within(word: str) -> str | None:
    """A known press name at the start of a word (`뉴시스통신사` -> 뉴시스), the longest."""
    k = key(word)
    found = [
        name
        for known, name in vocabulary().press.items()
        if len(known) >= 2 and k.startswith(known)
    ]
    return max(found, key=len) if found else None


def press_named(line: str) -> str | None:
    """A line that is only a press name (`조선일보`, `한겨레신문 구독`) -> the press."""
    if len(line) > 30:
        return None
    return vocabulary().press.get(key(strip_ui(line)))
