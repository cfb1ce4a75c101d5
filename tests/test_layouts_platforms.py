"""Pages of Korean platforms and newspapers as a browser saves them (select-all copy, save as
text, reader-mode markdown): title, author, date and time, press or platform, and no menu
or button words in the body.

The fixtures in tests/fixtures/layouts/ were written for these tests: the site furniture
follows what each platform shows, the articles are fictional. Held-out pages are written
after the rules, by someone who has not read them, and the rules are not changed for
them: they show the mechanism on layouts it was not designed against. The first three
(`heldout_*`) did their job: two titles were missed (a short category and a bare domain
line above the title), the title rule was then generalised, and they are regression cases
now (FIRST_HELD_OUT). The second round (`heldout2_*`, SECOND_HELD_OUT) scored 18 of 32
fields when written; the rules were then generalised again (date labels such as 기사전송,
two-digit years, a full copyright line as the press's notice and the article's end, Naver
Post) and it is a regression set too; so is the third (`heldout3_*`, THIRD_HELD_OUT: 34
of 40 when written, 38 after the next changes) and the fourth (`heldout4_*`,
FOURTH_HELD_OUT: 31 of 40 when written, 40 after) and the fifth (`heldout5_*`,
FIFTH_HELD_OUT: 43 of 48 when written, 48 after).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ai_discourse.load import load_corpus
from ai_discourse.load.boilerplate import strip_recurring
from ai_discourse.load.layout import date_line, is_ui_line
from ai_discourse.records import Article

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"

# Words of menus, buttons and counters that must never reach the body of any page.
FURNITURE = (
    *("카테고리", "메뉴", "이웃추가", "공감", "댓글", "구독", "공유", "기사원문", "본문 요약봇"),
    *("글자 크기", "글씨크기", "번역 설정", "인쇄", "쏠쏠정보", "팔로우", "라이킷", "구독자"),
    *("응원수", "신고", "URL 복사", "로그인", "작가의 이전글", "이전 포스트", "추천해요"),
    *("Copyright", "무단", "기자 프로필", "많이 본 뉴스", "관련 기사", "관련기사", "전체글 보기"),
)


@dataclass(frozen=True)
class Expected:
    file: str
    kind: str
    source: str
    title: str
    author: str
    date: str
    time: str | None
    first: str
    last: str
    deck: tuple[str, ...] = ()
    meta: dict[str, object] = field(default_factory=dict)


DESIGNED = [
    Expected(
        "naver_blog.txt",
        "blog",
        "Naver Blog",
        "카카오 3분기 실적 발표 후기",
        "곰돌이아빠",
        "2025-02-10",
        "14:30",
        first="오늘 장 마감 후에",
        last="투자 판단은 각자의 몫이다!",
        meta={"tags": ["카카오", "실적", "주식"]},
    ),
    Expected(
        "naver_news.txt",
        "news",
        "한국경제",
        '국산 AI 반도체, 데이터센터 첫 상용 공급…"전력 30% 절감"',
        "이서준",
        "2025-03-04",
        "09:12",
        first="국내 팹리스 기업 누리칩스가",
        last="성과를 판단하기는 이르다는 지적도 나온다.",
        meta={"platform": "Naver News", "updated": "2025-03-04 10:05"},
    ),
    Expected(
        "daum_news.txt",
        "news",
        "머니투데이",
        "AI 스타트업 투자 한파…1분기 펀딩 40% 줄었다",
        "김하늘",
        "2025-04-02",
        "06:00",
        first="올해 1분기 국내 AI 스타트업이",
        last='후속 투자가 거의 없다"고 말했다.',
        meta={"platform": "Daum News", "updated": "2025-04-02 08:41"},
    ),
    Expected(
        "velog.txt",
        "blog",
        "Velog",
        "Next.js 서버 액션으로 폼 처리하기",
        "sunrise",
        "2025-02-10",
        None,
        first="서버 액션을 쓰면",
        last="클라이언트 검증만 믿으면 안 된다.",
    ),
    Expected(
        "brunch.txt",
        "blog",
        "Brunch",
        "퇴사 후 1년, 1인 개발자로 살아보니",
        "한결",
        "2025-02-10",
        None,
        first="회사를 그만둔 지 꼭 1년이 되었다.",
        last="월급으로는 얻지 못한 것이었다.",
        deck=("수익보다 중요한 것들에 대하여",),
    ),
    Expected(
        "chosun.txt",
        "news",
        "조선일보",
        '"동네 병원도 AI 진료 보조"…의원급 도입 1년 새 3배',
        "박지현",
        "2025-05-12",
        "14:30",
        first="진료 내용을 받아 적어",
        last='보호 기준을 먼저 정해야 한다"고 했다.',
        deck=(
            "진료 기록 자동 작성·예약 관리까지",
            '중소 병원 "인력난 숨통" 기대 속 정보 보호 우려도',
        ),
        meta={"updated": "2025-05-12 15:02"},
    ),
    Expected(
        "hani.txt",
        "news",
        "한겨레",
        "기후 스타트업에 몰리는 돈…올해 투자 2조 넘었다",
        "정유진",
        "2025-06-20",
        "16:40",
        first="탄소 포집과 재생에너지 관련 스타트업에",
        last='돈이 쏠리고 있다"고 말했다.',
        deck=("탄소 포집·재생에너지 분야 중심",),
        meta={"updated": "2025-06-20 18:11"},
    ),
    Expected(
        "joongang_reader.txt",
        "news",
        "중앙일보",
        '반도체 장비 국산화율 30% 돌파…"핵심 부품은 아직 수입"',
        "최민호",
        "2025-07-01",
        "05:00",
        first="국내 반도체 장비의 국산화율이 처음으로 30%를 넘어섰다.",
        last="정부의 장기 지원을 요구했다.",
        meta={"updated": "2025-07-01 09:20"},
    ),
]

# The first held-out round (see the module docstring): a newspaper with its date line above
# the title, a Tistory skin with the author below the date and a category above the title,
# and a browser reader view (domain line, reading time).
FIRST_HELD_OUT = [
    Expected(
        "heldout_mk_date_first.txt",
        "news",
        "매일경제",
        '"2차전지 바닥 찍었다"…외국인 3주 연속 순매수',
        "전지현",
        "2025-08-14",
        "17:21",
        first="외국인 투자자들이 3주 연속으로",
        last='하반기 실적은 나아질 것"이라고 내다봤다.',
    ),
    Expected(
        "heldout_tistory_skin.txt",
        "blog",
        "Tistory",
        "맥북 에어 한 달 사용기, 가벼움이 전부는 아니었다",
        "고양이집사",
        "2025-03-01",
        "22:15",
        first="한 달 동안 회사와 집에서",
        last="감안해야 한다.",
    ),
    Expected(
        "heldout_reader_view.txt",
        "news",
        "연합뉴스",
        'AI 교과서 도입 1년…교사 절반 "수업 준비 늘었다"',
        "윤가람",
        "2025-09-01",
        "07:00",
        first="AI 디지털교과서가 학교에 들어온 지",
        last='지원이 필요하다"고 밝혔다.',
    ),
]
# The second held-out round, written after the title rule changed (see the docstring).
SECOND_HELD_OUT: list[Expected] = [
    Expected(
        file="heldout2_nate_news.txt",
        kind="news",
        source="머니투데이",
        title="동네 마트가 새벽배송 뛰어든다…한빛유통, 반경 3km 배송 실험",
        author="김다현",
        date="2025-02-11",
        time="14:37",
        first="중견 유통업체 한빛유통이",
        last='관건이 될 것"이라고 내다봤다.',
    ),
    Expected(
        file="heldout2_khan_web.txt",
        kind="news",
        source="경향신문",
        title="수원시, 시립도서관 3곳 열람실 자정까지 연장 운영",
        author="박서윤",
        date="2025-01-23",
        time="09:41",
        first="경기 수원시가 다음 달부터",
        last="다시 조정할 계획이다.",
    ),
    Expected(
        file="heldout2_naver_post.txt",
        kind="blog",
        source="Naver Post",
        title="겨울 차박 첫 도전, 무시동 히터 없이 버틴 하룻밤",
        author="캠핑하는 보리",
        date="2025-01-14",
        time="21:05",
        first="지난 주말, 드디어 미뤄왔던",
        last="정리해서 올려볼게요.",
    ),
    Expected(
        file="heldout2_ohmynews.txt",
        kind="news",
        source="오마이뉴스",
        title="손님 하루 네 명이던 동네 책방, 3년을 버틴 힘",
        author="윤지후",
        date="2025-03-07",
        time="18:42",
        first="대전 유성구의 한 골목에서",
        last="나오는 것 같다.",
    ),
]


def _load(name: str) -> Article:
    (article,) = load_corpus([LAYOUTS / name]).articles
    return article


@pytest.mark.parametrize("want", [*DESIGNED, *FIRST_HELD_OUT], ids=lambda e: e.file)
def test_layout_metadata(want: Expected) -> None:
    a = _load(want.file)
    got = (a.kind, a.source, a.author, a.date, a.meta.get("time"))
    assert got == (want.kind, want.source, want.author, want.date, want.time)
    assert a.title == want.title
    assert a.deck == want.deck
    for name, value in want.meta.items():
        assert a.meta[name] == value, name


@pytest.mark.parametrize("want", [*DESIGNED, *FIRST_HELD_OUT], ids=lambda e: e.file)
def test_layout_body_is_only_the_article(want: Expected) -> None:
    a = _load(want.file)
    assert a.body.startswith(want.first)
    assert a.body.endswith(want.last)
    for word in FURNITURE:
        assert word not in a.body, word
    assert want.title not in a.body.split("\n\n")
    if a.author:
        assert a.author not in a.body.split("\n\n")


# Measured when the second round was written (rules unchanged for it): 18 of 32 fields
# right, one page of four (경향신문). After the rules were generalised: 29 of 32; still
# wrong are the Naver Post title (the series name above it is taken) and the OhmyNews kind
# and end (a citizen reporter's post reads as a blog, its appended note stays in the body).
SECOND_HELD_OUT_FIELDS_RIGHT = 29

# The third held-out round, written blind after those changes (see the docstring).
THIRD_HELD_OUT: list[Expected] = [
    Expected(
        file="heldout3_hankyung.txt",
        kind="news",
        source="한국경제",
        title='"전기차 배터리 재활용, 2030년 20조 시장"…중견사들 앞다퉈 진출',
        author="정민호",
        date="2025-03-18",
        time="17:42",
        first="전기차 폐배터리 재활용 시장을",
        last='만들어야 한다"고 강조했다.',
    ),
    Expected(
        file="heldout3_etnews.txt",
        kind="news",
        source="전자신문",
        title="국산 NPU, 데이터센터 상용 투입…딥로직스 '카이로스2' 양산 돌입",
        author="김하은",
        date="2025-02-26",
        time="17:00",
        first="국내 인공지능(AI) 반도체 스타트업",
        last="채택이 확대될지 주목하고 있다.",
    ),
    Expected(
        file="heldout3_newsis.txt",
        kind="news",
        source="뉴시스",
        title="마포 물류창고서 불…작업자 12명 대피·1명 연기흡입",
        author="김도윤",
        date="2025-04-09",
        time="14:27",
        first="[서울=뉴시스] 김도윤 기자 = 9일",
        last="피해 규모를 조사할 예정이다.",
    ),
    Expected(
        file="heldout3_sbs_news.txt",
        kind="news",
        source="SBS",
        title='한파에 계량기 동파 하루 300건…"노출된 배관 보온 필수"',
        author="최고운",
        date="2025-01-23",
        time="20:41",
        first="올겨울 가장 강력한 한파가",
        last="풀릴 것으로 내다봤습니다.",
    ),
    Expected(
        file="heldout3_naver_cafe.txt",
        kind="blog",
        source="Naver Cafe",
        title="동계 첫 도전, 가평 솔숲오토캠핑장 1박 후기 (장작난로 세팅)",
        author="솔바람캠퍼",
        date="2025-01-13",
        time="21:47",
        first="안녕하세요, 솔바람캠퍼입니다.",
        last="궁금한 점 있으시면 댓글 남겨주세요~",
    ),
]
# Measured when the third round was written, rules unchanged for it: 34 of 40 fields
# right, two pages of five fully right (한국경제, SBS). The misses: 전자신문's press taken
# from the site footer (`Electronic Times Internet`) over the article's `ⓒ 전자신문`
# line, 뉴시스's slogan (`공감언론 뉴시스통신사`) kept in the press name and its
# dateline cut from the body, and a Naver Cafe post (an unknown platform) read as news
# with a chat button as its author. Then generalised (a copyright mark naming a known press
# or a web address counts as the press's notice; a slogan before a press name and a kind of
# outlet glued after it are read through; Naver Cafe): 38 of 40, a regression set now (the
# wire dateline stays out of the body by design; a member grade under the nickname is
# still taken for the author).
THIRD_HELD_OUT_FIELDS_RIGHT = 38

# The fourth held-out round, written blind after those changes (see the docstring).
FOURTH_HELD_OUT: list[Expected] = [
    Expected(
        file="heldout4_donga.txt",
        kind="news",
        source="동아일보",
        title="지방 중소 조선소 ‘수주 가뭄’ 끝났다… 친환경 소형선 주문 잇따라",
        author="정다은",
        date="2023-11-08",
        time="14:27",
        first="7일 오전 전남 목포시 삼학",
        last="되돌아갈 것”이라고 말했다.",
    ),
    Expected(
        file="heldout4_news1.txt",
        kind="news",
        source="뉴스1",
        title="블루문스튜디오 신작 사전예약 200만 돌파…주가 장중 12% 급등",
        author="김민지",
        date="2022-09-27",
        time="14:05",
        first="게임사 블루문스튜디오의 신작",
        last="전환을 목표로 하고 있다.",
    ),
    Expected(
        file="heldout4_zdnet.txt",
        kind="news",
        source="지디넷코리아",
        title="하늘데이터, 부산에 GPU 전용 데이터센터 연다",
        author="이한솔",
        date="2024-03-19",
        time="09:31",
        first="국내 클라우드 기업 하늘데이",
        last='자를 이어가겠다"고 말했다.',
    ),
    Expected(
        file="heldout4_kbs_news.txt",
        kind="news",
        source="KBS",
        title="폭설에 고립된 산간마을…주민들 닷새째 ‘발 동동’",
        author="박서연",
        date="2023-12-04",
        time="21:23",
        first="강원 산간 지역에 사흘 동안",
        last="KBS 뉴스 박서연입니다.",
    ),
    Expected(
        file="heldout4_wordpress_blog.txt",
        kind="blog",
        source="WordPress",
        title="강릉 바닷가 골목의 작은 책방 ‘파도서점’에 다녀왔다",
        author="모카포트",
        date="2021-10-03",
        time="21:14",
        first="추석 연휴가 끝나고 겨우 하",
        last="겨울 바다 보러 또 가야지.",
    ),
]
# Measured when the fourth round was written, rules unchanged for it: 31 of 40 fields
# right, one page of five fully right (지디넷코리아). The misses: 동아일보's press taken
# from `dongA.com`, 뉴스1's one-line header (`(서울=뉴스1) 김민지 기자 | 2022-09-27 14:05
# 송고 | … 최종수정`) not read as a date line (no title or date), KBS's time in
# parentheses (`2023.12.04 (21:23)`) and its closing sign-off left out of the body, and a
# WordPress blog's platform, author (`작성일` taken) and end. Then generalised (a known
# press's web address in the notice names it; a label after its date, on a line with
# several dates; a time in parentheses; in news, a short sentence before the closing
# byline is text, the reporter's box after it is not; a date label alone on its line;
# WordPress): 40 of 40, a regression set now.
FOURTH_HELD_OUT_FIELDS_RIGHT = 40

# The fifth held-out round, written blind after those changes (see the docstring). The
# writer began the 연합뉴스 body with its wire dateline and noted that a loader stripping it
# would start at `서울 지하철 2호선이`; the dateline stays out of the body by design (third
# round), so that is the start expected here.
FIFTH_HELD_OUT: list[Expected] = [
    Expected(
        file="heldout5_hani.txt",
        kind="news",
        source="한겨레",
        title="폐배터리 재활용 공장이 멈췄다…리튬값 급락에 업계 ‘줄감산’",
        author="정세린",
        date="2024-05-02",
        time="17:30",
        first="경북 포항의 폐배터리 재활용",
        last="멈춰 선 파쇄기를 바라봤다.",
    ),
    Expected(
        file="heldout5_mk.txt",
        kind="news",
        source="매일경제",
        title="2차전지 소재株 반등에 개미들 ‘안도’…세영케미칼 사흘 새 24% 급등",
        author="문하늘",
        date="2024-03-21",
        time="15:47",
        first="2차전지 소재주들이 오랜만에",
        last="48.56에 장을 마감했다.",
    ),
    Expected(
        file="heldout5_daum_yonhap.txt",
        kind="news",
        source="연합뉴스",
        title="서울 지하철 2호선 금요일 '심야 연장' 시범운행…새벽 1시 30분까지",
        author="이주연",
        date="2024-03-14",
        time="15:22",
        first="서울 지하철 2호선이",
        last='으로 운영하겠다"고 말했다.',
    ),
    Expected(
        file="heldout5_mt.txt",
        kind="news",
        source="머니투데이",
        title='"충전 30분→12분"…대성모빌리티, 초급속 충전기 국내 첫 상용화',
        author="박소연",
        date="2024-04-17",
        time="05:30",
        first="전기차 충전 인프라 전문기업",
        last='자리를 굳히겠다"고 말했다.',
    ),
    Expected(
        file="heldout5_tistory.txt",
        kind="blog",
        source="Tistory",
        title="강릉 안목해변 커피거리, 비 오는 평일에 혼자 걸어본 하루",
        author="바람길",
        date="2023-04-05",
        time="21:14",
        first="연차가 딱 하루 남아 있었다",
        last="기를 이어서 써 보겠습니다.",
    ),
    Expected(
        file="heldout5_velog.txt",
        kind="blog",
        source="Velog",
        title="Next.js 14 App Router로 옮기면서 겪은 fetch 캐싱 삽질기",
        author="devkim",
        date="2024-03-08",
        time=None,
        first="회사 서비스의 관리자 페이지",
        last="동작에 대해 정리해 보겠다.",
    ),
]
# Measured when the fifth round was written, rules unchanged for it: 43 of 48 fields right,
# three pages of six fully right (연합뉴스 on Daum News, 머니투데이, Velog). The misses:
# 한겨레's press read as `Hankyoreh` and its body starting with a video player's fallback
# text (`Your browser does not support…`), 매일경제's title taken from a magazine brand
# line (`매경ECONOMY`) and a like-button prompt (`기사가 마음에 들었다면, 좋아요를 눌러주세요.`)
# kept as the body's last line, and a Tistory skin's sidebar category (`분류 전체보기 (168)`)
# taken as the title. Then generalised (English names of the presses as spellings; a
# player's fallback text, a category list with post counts, and a like-button prompt as
# furniture; a lone word of up to twelve characters, such as a menu's brand line, as a
# label when a fuller headline stands near): 48 of 48, a regression set now. A sixth round
# goes in a list of its own, measured before any rule is changed for it.
FIFTH_HELD_OUT_FIELDS_RIGHT = 48


def _fields(want: Expected) -> dict[str, bool]:
    a = _load(want.file)
    return {
        "kind": a.kind == want.kind,
        "source": a.source == want.source,
        "title": a.title == want.title,
        "author": a.author == want.author,
        "date": a.date == want.date,
        "time": a.meta.get("time") == want.time,
        "first": a.body.startswith(want.first),
        "last": a.body.endswith(want.last),
    }


@pytest.mark.parametrize(
    ("pages", "at_least"),
    [
        (SECOND_HELD_OUT, SECOND_HELD_OUT_FIELDS_RIGHT),
        (THIRD_HELD_OUT, THIRD_HELD_OUT_FIELDS_RIGHT),
        (FOURTH_HELD_OUT, FOURTH_HELD_OUT_FIELDS_RIGHT),
        (FIFTH_HELD_OUT, FIFTH_HELD_OUT_FIELDS_RIGHT),
    ],
    ids=["second round", "third round", "fourth round", "fifth round"],
)
def test_held_out_layouts_scorecard(pages: list[Expected], at_least: int) -> None:
    """A ratchet on the fields measured right (kind, source, title, author, date, time,
    body start and end): it fails if fewer are right."""
    scores = {want.file: _fields(want) for want in pages}
    right = sum(sum(fields.values()) for fields in scores.values())
    wrong = {f: [k for k, ok in fields.items() if not ok] for f, fields in scores.items()}
    assert right >= at_least, wrong


def test_naver_blog_no_longer_titled_blog() -> None:
    """The bug of issue 8: a Naver Blog page was titled `블로그`, with no author or date."""
    a = _load("naver_blog.txt")
    assert (a.title, a.author, a.date) != ("블로그", None, None)
    assert [c.text for c in a.captions] == ["판교 사옥 앞에서 찍은 사진"]


def test_caption_copied_as_text_is_a_caption() -> None:
    a = _load("naver_news.txt")
    assert [(c.text, c.credit) for c in a.captions] == [
        ("누리칩스 연구진이 시험용 서버를 점검하고 있다.", "누리칩스 제공")
    ]


def test_related_box_in_the_middle_keeps_the_text_after_it() -> None:
    a = _load("hani.txt")
    assert "기후 테크, 다음 성장 산업 될까" not in a.body
    assert len(a.body.split("\n\n")) == 3


@pytest.mark.parametrize(
    "line, date, time, label, rest",
    [
        ("입력2025.02.10. 오후 2:30  기사원문", "2025-02-10", "14:30", "입력", ""),
        ("2025.02.10 14:30", "2025-02-10", "14:30", None, ""),
        ("2025. 2. 10. 14:30", "2025-02-10", "14:30", None, ""),
        ("수정 2025-02-10 오전 12:05", "2025-02-10", "00:05", "수정", ""),
        ("2025-02-10 14:30 송고", "2025-02-10", "14:30", "송고", ""),
        ("by 선라이저 2025. 2. 10.", "2025-02-10", None, None, "선라이저"),
        ("sunrise·2025년 2월 10일", "2025-02-10", None, None, "sunrise"),
        ("by 한결 Feb 10. 2025", "2025-02-10", None, None, "한결"),
        ("김철수 기자 입력 2025.02.10 14:30", "2025-02-10", "14:30", "입력", "김철수 기자"),
        ("2시간 전", None, None, None, ""),
    ],
)
def test_date_lines(
    line: str, date: str | None, time: str | None, label: str | None, rest: str
) -> None:
    found = date_line(line)
    assert found is not None
    stamp = found.stamps[0]
    assert (stamp.date, stamp.time, stamp.label, found.rest) == (date, time, label, rest)


@pytest.mark.parametrize(
    "line",
    [
        "2025년 2월 10일 카카오 실적 발표",  # a headline that starts with a date
        "2025년 1월 20일 트럼프 대통령 취임일에 딥시크 R1이 나왔다.",
        "네이버는 2025. 2. 10. 새 모델을 공개했다고 밝혔다.",
    ],
)
def test_lines_that_only_mention_a_date(line: str) -> None:
    assert date_line(line) is None


@pytest.mark.parametrize(
    "line, ui",
    [
        ("댓글 3 공유하기", True),
        ("공감백배 0", True),
        ("구독자 1,204", True),
        ("0개의 댓글", True),
        ("본문 폰트 크기 크게 보기", True),
        ("메뉴 영역으로 바로가기", True),
        ("카카오 댓글 정책 바뀐다", False),
        ("공유 경제의 미래", False),
        ("네이버와 카카오가 AI 경쟁을 벌인다.", False),
    ],
)
def test_ui_lines(line: str, ui: bool) -> None:
    assert is_ui_line(line) is ui


def _page(n: int, source_footer: str) -> Article:
    return Article(
        id=f"a{n}",
        path=f"site/a{n}.txt",
        kind="news",
        source="한빛일보",
        title=f"기사 {n}",
        date=None,
        author=None,
        url=None,
        body=f"{n}번째 기사의 본문이다. 내용은 기사마다 다르다.\n\n{source_footer}",
    )


def test_recurring_paragraphs_of_one_source_are_boilerplate() -> None:
    footer = "한빛일보 앱을 내려받고 더 많은 뉴스를 만나 보세요."
    articles = [_page(n, footer) for n in range(4)]
    articles.append(_page(9, "이 기사만의 마지막 문단이다."))
    report = strip_recurring(articles)
    assert report == {"한빛일보": (4, 5)}
    assert all(footer not in a.body for a in articles)
    assert articles[0].body == "0번째 기사의 본문이다. 내용은 기사마다 다르다."
    assert articles[4].body.endswith("이 기사만의 마지막 문단이다.")


def test_recurring_needs_three_documents_and_half_the_source() -> None:
    footer = "구독하고 알림을 받아 보세요."
    two = [_page(n, footer) for n in range(2)]
    assert strip_recurring(two) == {}
    # 3 of 7 pages: under half of the source, so it stays.
    seven = [_page(n, footer if n < 3 else f"끝 문단 {n}이다.") for n in range(7)]
    assert strip_recurring(seven) == {}


def test_load_corpus_notes_boilerplate(tmp_path: Path) -> None:
    footer = "기사제보 및 보도자료 press@hanbit.example"
    for n in range(3):
        (tmp_path / f"p{n}.txt").write_text(
            f"기사 제목 {n}\n입력 2025.01.0{n + 1} 10:00\n"
            f"본문 {n}번 문단이다. 이 문장은 이 기사에만 있다.\n{footer}\n"
            "Copyright ⓒ 한빛일보. 무단 전재 금지.\n",
            encoding="utf-8",
        )
    corpus = load_corpus([tmp_path])
    assert [a.body for a in corpus.articles] == [
        f"본문 {n}번 문단이다. 이 문장은 이 기사에만 있다." for n in range(3)
    ]
    assert [(n.path, n.kind, n.count) for n in corpus.notes] == [("한빛일보", "boilerplate", 3)]
