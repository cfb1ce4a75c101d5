"""Concordance (keyword in context): every place a term is written, on the original text,
matched as Kiwi reads it.

`딥시크는` and `딥시크의` are 딥시크 with a particle, so they match 딥시크; `딥시크쇼크` is
딥시크 glued to another noun, a different word, and matches only with `partial`. A term
of several words (`소버린 AI`) matches its tokens in a row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ai_discourse.analysis.spec import TableDoc, columns
from ai_discourse.nlp.tags import NOMINAL
from ai_discourse.records import Doc, Token

KWIC = TableDoc(
    "kwic",
    "one row per place the term is written, with `kwic`",
    columns(
        doc_id="the article",
        title="its headline",
        sentence="the sentence's index",
        start="character offset of the term in the document text",
        end="character offset of its end",
        left="the text before it",
        term="the term as written",
        right="the text after it",
    ),
)
COLUMNS = [c.name for c in KWIC.columns]
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Hit:
    doc_id: str
    title: str
    sentence: int
    start: int
    end: int
    left: str
    term: str
    right: str

    def row(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in COLUMNS}


def _glued(a: Token, b: Token) -> bool:
    """Whether b continues a's word as another noun (딥시크 + 쇼크)."""
    return b.start == a.end and a.tag in NOMINAL and b.tag in NOMINAL


def hits(
    doc: Doc, forms: Sequence[str], *, window: int = 30, partial: bool = False
) -> Iterator[Hit]:
    """The places in `doc` where the tokens `forms` occur in a row (captions included:
    a concordance shows every use), with `window` characters of context each side."""
    if not forms:
        return
    n = len(forms)
    text = doc.text
    for sentence in doc.sentences:
        tokens = sentence.tokens
        for i in range(len(tokens) - n + 1):
            if tokens[i].form != forms[0]:
                continue
            if any(tokens[i + k].form != forms[k] for k in range(1, n)):
                continue
            first, last = tokens[i], tokens[i + n - 1]
            if not partial and (
                (i > 0 and _glued(tokens[i - 1], first))
                or (i + n < len(tokens) and _glued(last, tokens[i + n]))
            ):
                continue
            start, end = first.start, last.end
            yield Hit(
                doc_id=doc.id,
                title=doc.article.label,
                sentence=sentence.index,
                start=start,
                end=end,
                left=_SPACES.sub(" ", text[max(0, start - window) : start]),
                term=text[start:end],
                right=_SPACES.sub(" ", text[end : end + window]),
            )
