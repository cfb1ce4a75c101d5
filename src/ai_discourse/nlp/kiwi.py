"""One Kiwi per process (with the user dictionaries), and what is read off its tokens:
sentences (`sentences_of`), terms, noun runs, user phrases merged (the stage that runs
it over a corpus is `nlp.stage`)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_discourse.config import Settings, read_lines
from ai_discourse.errors import ConfigError
from ai_discourse.nlp.tags import MERGEABLE, NOUNS, PREDICATE_SUFFIXES, TERM_TAGS, USER_WORD_TAGS
from ai_discourse.records import Article, Note, Part, Sentence, Token
from ai_discourse.resources import Gazetteer, Target, phrase_key

if TYPE_CHECKING:
    from kiwipiepy import Kiwi


def get_kiwi(userdicts: Iterable[Path] = ()) -> Kiwi:
    """The process's Kiwi for these user dictionaries, built once (it takes a second or more)."""
    key = tuple((str(p), _mtime(p)) for p in userdicts)
    return _build_kiwi(key)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        raise ConfigError(f"{path}: user dictionary not found") from None


@lru_cache(maxsize=4)
def _build_kiwi(key: tuple[tuple[str, float], ...]) -> Kiwi:
    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=_workers())
    for path, _ in key:
        for lineno, (word, tag, score) in enumerate(_read_userdict(Path(path)), start=1):
            if " " in word:
                continue  # multi-word entries are merged after tokenizing (load_canonical)
            try:
                kiwi.add_user_word(word, tag, score)
            except (ValueError, RuntimeError) as exc:
                raise ConfigError(f"{path}: entry {lineno} ({word!r}): {exc}") from None
    return kiwi


def _workers() -> int:
    """Kiwi's threads: all cores (at most 8), or what `AI_DISCOURSE_KIWI_THREADS` says
    (worker processes run one thread each)."""
    forced = os.environ.get("AI_DISCOURSE_KIWI_THREADS", "")
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    return max(1, min(os.cpu_count() or 1, 8))


def load_canonical(userdicts: Iterable[Path]) -> dict[str, str]:
    """Spelling -> canonical term, keyed by `phrase_key` (spaces dropped, case folded).

    From the user dictionaries: the optional 4th column, and every multi-word entry
    (`샘 알트만`), which Kiwi itself does not reliably keep together.
    """
    mapping: dict[str, str] = {}
    for path in userdicts:
        for line in read_lines(path):
            fields = [f.strip() for f in line.split("\t")]
            canonical = fields[3] if len(fields) > 3 and fields[3] else None
            if canonical or " " in fields[0]:
                mapping[phrase_key(fields[0])] = canonical or fields[0]
    return mapping


def _read_userdict(path: Path) -> Iterator[tuple[str, str, float]]:
    for line in read_lines(path):
        fields = line.split("\t")
        word = fields[0].strip()
        tag = fields[1].strip() if len(fields) > 1 and fields[1].strip() else "NNP"
        if tag not in USER_WORD_TAGS:
            raise ConfigError(f"{path}: {word!r} has unknown POS tag {tag!r} (e.g. NNP, NNG)")
        try:
            score = float(fields[2]) if len(fields) > 2 and fields[2].strip() else 0.0
        except ValueError:
            raise ConfigError(f"{path}: {word!r} has a score that is not a number") from None
        yield word, tag, score


def userdict_warnings(paths: Iterable[Path]) -> list[Note]:
    """A warning per user-dictionary line written `word tag score` with spaces instead of
    tabs: it reads as one multi-word phrase, which is rarely what was meant. Checked once,
    in the main process: the workers read the dictionaries too, and their notes are lost."""
    notes: list[Note] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # reading it for Kiwi raises the ConfigError that names the problem
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#") or "\t" in line:
                continue
            if any(word in USER_WORD_TAGS for word in line.split()[1:]):
                notes.append(
                    Note(
                        str(path),
                        f"line {number}: {line!r} has spaces where tabs belong, so it is read "
                        "as one phrase (write word<TAB>tag<TAB>score)",
                        kind="warning",
                    )
                )
    return notes


def load_stopwords(paths: Iterable[Path]) -> frozenset[str]:
    """The union of the stopword files (one term per line, # comments)."""
    words: set[str] = set()
    for path in paths:
        words.update(read_lines(path))
    return frozenset(words)


def compose(article: Article) -> tuple[str, list[tuple[int, int, Part]]]:
    """The text Kiwi reads (title, deck, body joined by blank lines) and each part's span."""
    chunks: list[str] = []
    spans: list[tuple[int, int, Part]] = []
    offset = 0
    for part, text in article.parts():
        chunks.append(text)
        spans.append((offset, offset + len(text), part))
        offset += len(text) + 2
    return "\n\n".join(chunks), spans


def extract_terms(
    sentences: Iterable[Sentence],
    stopwords: frozenset[str],
    *,
    keep_verbal_nouns: bool = False,
) -> tuple[str, ...]:
    """Content terms in order: nouns and foreign words, minus stopwords.

    One-letter Latin tokens, English words that are not acronyms, and one-syllable proper
    nouns (surnames cut from `김 교수`) carry no topic and are left out. So is a common
    noun used as a predicate (see `term_tokens`) unless `keep_verbal_nouns`.
    """
    by_sentence = sentence_terms(sentences, stopwords, keep_verbal_nouns=keep_verbal_nouns)
    return tuple(term for terms in by_sentence for term in terms)


def sentence_terms(
    sentences: Iterable[Sentence],
    stopwords: frozenset[str],
    *,
    keep_verbal_nouns: bool = False,
) -> tuple[tuple[str, ...], ...]:
    """The content terms of each sentence but the captions (see `extract_terms`)."""
    return tuple(
        tuple(
            token.form
            for token in term_tokens(
                sentence.tokens, stopwords, keep_verbal_nouns=keep_verbal_nouns
            )
        )
        for sentence in sentences
        if sentence.part != "caption"
    )


def noun_runs(sentences: Iterable[Sentence], text: str) -> tuple[tuple[str, ...], ...]:
    """Runs of two or more nouns (and Latin words) glued together or one space apart, in
    every sentence but the captions: where compound terms hide (`소버린 AI`, `거대언어모델`
    read as 거대 + 언어 + 모델). A form after a space carries a leading space."""
    runs: list[tuple[str, ...]] = []
    for sentence in sentences:
        if sentence.part == "caption":
            continue
        run: list[str] = []
        last = -1
        for token in sentence.tokens:
            if token.tag not in TERM_TAGS:
                if len(run) > 1:
                    runs.append(tuple(run))
                run = []
                continue
            if run and token.start == last:
                run.append(token.form)
            elif run and token.start == last + 1 and text[last] == " ":
                run.append(" " + token.form)
            else:
                if len(run) > 1:
                    runs.append(tuple(run))
                run = [token.form]
            last = token.end
        if len(run) > 1:
            runs.append(tuple(run))
    return tuple(runs)


def term_tokens(
    tokens: Sequence[Token], stopwords: frozenset[str], *, keep_verbal_nouns: bool = False
) -> Iterator[Token]:
    """The tokens of a run (a sentence, a clause) that count as content terms.

    A common noun that Kiwi reads as the stem of a predicate in this occurrence, directly
    followed by a verb- or adjective-deriving suffix (`발생했다`, `사용되는`, `필요한`), is
    a verb use, not a topic, and is left out; the same noun used as a noun (`사고 발생`,
    `사용 방법`, `발생 이후`) counts. `keep_verbal_nouns` counts every use.
    """
    for k, token in enumerate(tokens):
        if not is_term(token, stopwords):
            continue
        if not keep_verbal_nouns and is_verbal_noun(tokens, k):
            continue
        yield token


def is_verbal_noun(tokens: Sequence[Token], k: int) -> bool:
    """Whether tokens[k] is a common noun used as a predicate stem (noun + XSV/XSA)."""
    if tokens[k].tag != "NNG" or k + 1 >= len(tokens):
        return False
    nxt = tokens[k + 1]
    return nxt.tag in PREDICATE_SUFFIXES and nxt.start == tokens[k].end


def is_term(token: Token, stopwords: frozenset[str]) -> bool:
    """Whether a morpheme counts as a content term (see `extract_terms`), whatever its use."""
    if token.tag not in TERM_TAGS or (len(token.form) < 2 and token.tag != "NNG"):
        return False
    if token.tag == "SL" and sum(c.isupper() or c.isdigit() for c in token.form) < 2:
        return False  # acronyms (AI, LLM, GPT4) carry topics; stray English words do not
    return token.form not in stopwords


_MAX_PHRASE = 5


def merge_phrases(
    tokens: list[Token], text: str, canonical: Mapping[str, str], prefixes: frozenset[str]
) -> list[Token]:
    """Join runs of tokens that spell a dictionary phrase into one canonical NNP token.

    `오픈 AI`, `Open AI`, `OpenAI` -> 오픈AI; a single token with a canonical spelling
    (딥스크 -> 딥시크) is renamed. Offsets keep pointing at the original text. `prefixes`
    (every prefix of every key) stops the search as soon as no phrase can match.
    """
    if not canonical:
        return tokens
    starts = _first_chars(prefixes)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if text[tokens[i].start].casefold()[:1] not in starts:
            out.append(tokens[i])  # no phrase begins with this character
            i += 1
            continue
        best = 0
        for size in range(1, min(_MAX_PHRASE, len(tokens) - i) + 1):
            last = tokens[i + size - 1]
            if size > 1 and last.tag not in MERGEABLE:
                break
            key = phrase_key(text[tokens[i].start : last.end])
            if key not in prefixes:
                break
            if key in canonical:
                best = size
        if best:
            run = tokens[i : i + best]
            if best == 1 or all(t.tag in MERGEABLE for t in run):
                tag = run[0].tag if best == 1 and run[0].tag != "SL" else "NNP"
                key = phrase_key(text[run[0].start : run[-1].end])
                out.append(Token(canonical[key], tag, run[0].start, run[-1].end))
                i += best
                continue
        out.append(tokens[i])
        i += 1
    return out


@lru_cache(maxsize=8)
def _first_chars(prefixes: frozenset[str]) -> frozenset[str]:
    return frozenset(p for p in prefixes if len(p) == 1)


def key_prefixes(canonical: Mapping[str, str]) -> frozenset[str]:
    """Every prefix of every phrase key, for `merge_phrases` to stop early."""
    return frozenset(key[:n] for key in canonical for n in range(1, len(key) + 1))


@dataclass(frozen=True)
class Lexicon:
    """Everything the nlp stage reads besides the text: built once per run (see `load`)."""

    userdicts: tuple[Path, ...] = ()
    """The user dictionaries Kiwi is built with (see `kiwi`)."""
    stopwords: frozenset[str] = frozenset()
    canonical: Mapping[str, str] = field(default_factory=dict)
    gazetteer: Gazetteer = field(default_factory=Gazetteer)
    keep_verbal_nouns: bool = False
    """Count nouns used as predicates (`발생했다`) as terms too (see `term_tokens`)."""
    names: str = "both"
    """Who finds names: the hand rules and the learned tagger together (`both`), or one
    of them alone (`rules`, `model`), to measure each (see `nlp.names.refine`)."""
    names_model: Path | None = None
    """The tagger's weights (None: the shipped data/names.crfsuite)."""
    targets: tuple[Target, ...] = ()
    """The tracked targets, for their `exclude` and `context` (see `nlp.targets`)."""

    @cached_property
    def kiwi(self) -> Kiwi:
        """The process's Kiwi, built on first use: a run that reads every article from the
        token cache never builds it."""
        return get_kiwi(self.userdicts)

    @cached_property
    def spellings(self) -> dict[str, str]:
        """The targets' spellings and their targets (see `nlp.reading`)."""
        from ai_discourse.nlp.reading import spellings_of

        return spellings_of(self.targets)

    @cached_property
    def prefixes(self) -> frozenset[str]:
        """The first characters of the user's multi-token spellings (see `key_prefixes`)."""
        return key_prefixes(self.canonical)

    @classmethod
    def load(
        cls, settings: Settings, targets: tuple[Target, ...] | None = None, *, kiwi: bool = True
    ) -> Lexicon:
        """Kiwi (cached per process; with `kiwi=False` built only when first used),
        stopwords, spellings, and the gazetteer with the targets (read from the settings
        unless the caller already has them)."""
        from ai_discourse.resources import load_gazetteer, load_targets

        if targets is None:
            targets = load_targets(settings.targets)
        lexicon = cls(
            userdicts=tuple(settings.userdicts),
            stopwords=load_stopwords(settings.stopwords),
            canonical=load_canonical(settings.userdicts),
            gazetteer=load_gazetteer(settings.entities, targets),
            targets=targets,
            keep_verbal_nouns=settings.keep_verbal_nouns,
        )
        if kiwi:
            lexicon.kiwi  # noqa: B018 (built now: a bad user dictionary fails here)
        return lexicon


def _base_tag(tag: str) -> str:
    """`VV-R`, `VA-I` (Kiwi's regular/irregular marks) -> `VV`, `VA`."""
    base = _BASE_TAGS.get(tag)
    if base is None:
        base = _BASE_TAGS[tag] = tag.partition("-")[0]
    return base


_BASE_TAGS: dict[str, str] = {}


_PARTICLES = {
    "는": "JX", "은": "JX", "도": "JX", "가": "JKS", "이": "JKS", "를": "JKO", "을": "JKO",
    "의": "JKG", "에": "JKB", "로": "JKB", "와": "JC", "과": "JC",
}  # fmt: skip


def _particles_after_symbols(tokens: list[Token], text: str) -> list[Token]:
    """Kiwi reads a particle after a symbol as a verb (`59%는` -> 늘 + ㄴ, `56%가` -> 가다):
    a one-syllable word glued to a symbol or a Latin word that is a particle is one."""
    if not any(t.tag in ("SW", "SL") for t in tokens):
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        out.append(t)
        k += 1
        if t.tag not in ("SW", "SL") or k >= len(tokens) or tokens[k].start != t.end:
            continue
        word_end = t.end
        while word_end < len(text) and not text[word_end].isspace() and text[word_end].isalpha():
            word_end += 1
        particle = text[t.end : word_end]
        tag = _PARTICLES.get(particle)
        if tag is None or tokens[k].tag.startswith("J"):
            continue
        while k < len(tokens) and tokens[k].start < word_end:
            k += 1
        out.append(Token(particle, tag, t.end, word_end))
    return out


def _split_genitives(tokens: list[Token], text: str) -> list[Token]:
    """Kiwi sometimes reads a whole word with its genitive as one unknown noun
    (`대한민국의`, `코트디부아르의`, `배럿의`): the word and its `의`, as it reads known ones.
    A name that itself ends in 의 is rarer than this slip."""
    if not any(t.oov for t in tokens):
        return tokens
    out: list[Token] = []
    for t in tokens:
        whole_word = t.end == len(text) or not text[t.end].isalnum()
        if t.oov and t.tag in NOUNS and len(t.form) >= 3 and t.form.endswith("의") and whole_word:
            out.append(Token(t.form[:-1], t.tag, t.start, t.end - 1, True))
            out.append(Token("의", "JKG", t.end - 1, t.end))
        else:
            out.append(t)
    return out


_FINISHED = re.compile(r"[.!?。][\"'”’)\]»」』]*[ \t]*\n")


_ENDED = re.compile(r"[.!?。…][\"'”’)\]»」』]*$")


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[start, end) stripped, and cut after each finished sentence that ends a line."""
    cuts = [m.end() for m in _FINISHED.finditer(text, start, end)]
    for s, e in zip([start, *cuts], [*cuts, end], strict=True):
        chunk = text[s:e]
        s += len(chunk) - len(chunk.lstrip())
        e = s + len(chunk.strip())
        if s < e:
            yield s, e


def sentences_of(
    kiwi_sents: Any,
    spans: list[tuple[int, int, Part]],
    text: str,
    canonical: Mapping[str, str],
    prefixes: frozenset[str],
) -> Iterator[Sentence]:
    index = 0
    carried: tuple[int, Part, tuple[Token, ...]] | None = None
    for ks in kiwi_sents:
        tokens = merge_phrases(
            _split_genitives(
                _particles_after_symbols(
                    [
                        Token(t.form, _base_tag(t.tag), t.start, t.start + t.len, t.oov)
                        for t in ks.tokens
                    ],
                    text,
                ),
                text,
            ),
            text,
            canonical,
            prefixes,
        )
        # Kiwi may run a sentence across a blank line when a paragraph lacks final
        # punctuation (headings, deck lines), carry the first words of a new line back
        # into the sentence before (`…고 썼다. \n<자유일보>는`), or end one inside a word
        # (`"…것"` | `이라고 최 상무는 설명했다.`); cut it at part boundaries and at line
        # breaks after a finished sentence, and give the words cut off to the sentence
        # they begin.
        for start, end, part in spans:
            if end <= ks.start or start >= ks.end:
                continue
            for s, e in _lines(text, max(start, ks.start), min(end, ks.end)):
                inside = tuple(t for t in tokens if s <= t.start < e)
                if carried is not None:
                    c_start, c_part, c_tokens = carried
                    carried = None
                    if c_part == part and "\n" not in text[c_start:s]:
                        s, inside = c_start, c_tokens + inside
                    else:
                        yield _sentence(index, text, c_start, c_part, c_tokens)
                        index += 1
                unfinished = not _ENDED.search(text, s, e)
                # A sentence Kiwi ends inside a word (`"…것"` + `이라고 최 상무는 …`) goes on
                # into the next.
                glued = e < len(text) and not text[e].isspace()
                if e == ks.end and (s > ks.start or glued) and inside and unfinished:
                    carried = (s, part, inside)
                    continue
                yield _sentence(index, text, s, part, inside, e)
                index += 1
    if carried is not None:
        yield _sentence(index, text, *carried)


def _sentence(
    index: int, text: str, start: int, part: Part, tokens: tuple[Token, ...], end: int = -1
) -> Sentence:
    end = tokens[-1].end if end < 0 else end
    return Sentence(
        index=index, text=text[start:end], start=start, end=end, part=part, tokens=tokens
    )
