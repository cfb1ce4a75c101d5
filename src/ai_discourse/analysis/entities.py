"""Entity and quote tables: who and which organisations appear, who says what."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ai_discourse.records import Doc

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

_HOW_RANK = {"gazetteer": 0, "title": 1, "suffix": 2, "context": 3, "lexicon": 4, "name": 5}

ENTITY_COLUMNS = [
    "entity",
    "type",
    "target",
    "title",
    "affiliation",
    "mentions",
    "documents",
    "spellings",
    "found_by",
]
BY_DOC_COLUMNS = ["doc_id", "entity", "type", "mentions", "spellings"]
QUOTE_COLUMNS = [
    "doc_id",
    "speaker",
    "speaker_type",
    "as_written",
    "how",
    "title",
    "affiliation",
    "verb",
    "quote",
    "sentence",
    "start",
    "end",
]
QUOTED_TERM_COLUMNS = ["term", "count", "documents", "first_doc_id"]


class EntityCounts:
    """Entities, entities per document, quotes and quoted terms, added document by
    document (the corpus tables grow with the distinct entities and terms, the
    per-document ones by a row per entity of a document, per quote)."""

    def __init__(self) -> None:
        self.mentions: Counter[tuple[str, str]] = Counter()
        self.documents: Counter[tuple[str, str]] = Counter()
        self.surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.titles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.affiliations: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.how: dict[tuple[str, str], str] = {}
        self.targets: dict[tuple[str, str], str] = {}
        self.by_doc: list[tuple[str, str, str, int, str]] = []
        self.quotes: list[tuple[Any, ...]] = []
        self.terms: dict[str, list[Any]] = {}

    def add(self, doc: DocSummary) -> None:
        counts: Counter[tuple[str, str]] = Counter()
        spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for m in doc.mentions:
            key = (m.entity, m.type)
            counts[key] += 1
            spellings[key][m.surface] += 1
            self.surfaces[key][m.surface] += 1
            if m.title:
                self.titles[key][m.title] += 1
            if m.affiliation:
                self.affiliations[key][m.affiliation] += 1
            if key not in self.how or _HOW_RANK.get(m.how, 9) < _HOW_RANK.get(self.how[key], 9):
                self.how[key] = m.how
            if m.target:
                self.targets[key] = m.target
        self.mentions.update(counts)
        self.documents.update(counts.keys())
        for (entity, kind), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            seen = sorted(spellings[(entity, kind)].items(), key=lambda kv: (-kv[1], kv[0]))
            self.by_doc.append((doc.id, entity, kind, n, ", ".join(form for form, _ in seen)))
        for q in doc.quotes:
            speaker = (q.speaker or "", q.speaker_type or "", q.surface or "", q.how)
            said = (q.title or "", q.affiliation or "", q.verb or "", q.text)
            self.quotes.append((doc.id, *speaker, *said, q.sentence, q.start, q.end))
        for term in doc.quoted_terms:
            row = self.terms.setdefault(term.text, [0, set(), doc.id])
            row[0] += 1
            row[1].add(doc.id)

    def entity_table(self, *, top: int | None = None) -> pd.DataFrame:
        """One row per entity: type, title and affiliation (people), mentions, documents,
        the spellings met, and how it was recognised (gazetteer, title, suffix, context,
        name)."""
        import pandas as pd

        mentions, documents = self.mentions, self.documents
        ranked = sorted(mentions, key=lambda k: (-mentions[k], -documents[k], k))
        if top:
            ranked = ranked[:top]

        def first(counter: Counter[str]) -> str:
            return counter.most_common(1)[0][0] if counter else ""

        rows = [
            {
                "entity": entity,
                "type": kind,
                "target": self.targets.get((entity, kind), ""),
                "title": first(self.titles[(entity, kind)]),
                "affiliation": first(self.affiliations[(entity, kind)]),
                "mentions": mentions[(entity, kind)],
                "documents": documents[(entity, kind)],
                "spellings": ", ".join(s for s, _ in self.surfaces[(entity, kind)].most_common()),
                "found_by": self.how[(entity, kind)],
            }
            for entity, kind in ranked
        ]
        return pd.DataFrame(rows, columns=ENTITY_COLUMNS)

    def by_doc_table(self) -> pd.DataFrame:
        """Mentions per (document, entity), with the spellings met in that document (most
        frequent first), so that a reader can audit each merge (`트럼프, 도널드 트럼프`)."""
        import pandas as pd

        return pd.DataFrame(self.by_doc, columns=BY_DOC_COLUMNS)

    def quote_table(self) -> pd.DataFrame:
        """Every direct quote: who (resolved full name, as written, kind, title,
        affiliation), how the speaker was found, what was said, which verb."""
        import pandas as pd

        return pd.DataFrame(self.quotes, columns=QUOTE_COLUMNS)

    def quoted_terms_table(self) -> pd.DataFrame:
        """Short spans in quotes that are no speech (terms, titles, scare quotes), most
        used first: how often, in how many documents, and the first document that has it."""
        import pandas as pd

        rows = [
            {"term": term, "count": n, "documents": len(seen), "first_doc_id": first}
            for term, (n, seen, first) in self.terms.items()
        ]
        table = pd.DataFrame(rows, columns=QUOTED_TERM_COLUMNS)
        order = table.sort_values(["count", "documents", "term"], ascending=[False, False, True])
        return order.reset_index(drop=True)


def _counts(docs: Sequence[Doc | DocSummary]) -> EntityCounts:
    from ai_discourse.nlp.summary import summaries

    counts = EntityCounts()
    for d in summaries(docs):
        counts.add(d)
    return counts


def entity_table(docs: Sequence[Doc | DocSummary], *, top: int | None = None) -> pd.DataFrame:
    """One row per entity (see `EntityCounts.entity_table`)."""
    return _counts(docs).entity_table(top=top)


def entity_by_doc_table(docs: Sequence[Doc | DocSummary]) -> pd.DataFrame:
    """Mentions per (document, entity) (see `EntityCounts.by_doc_table`)."""
    return _counts(docs).by_doc_table()


def quote_table(docs: Sequence[Doc | DocSummary]) -> pd.DataFrame:
    """Every direct quote (see `EntityCounts.quote_table`)."""
    return _counts(docs).quote_table()


def quoted_terms_table(docs: Sequence[Doc | DocSummary]) -> pd.DataFrame:
    """Short spans in quotes that are no speech (see `EntityCounts.quoted_terms_table`)."""
    return _counts(docs).quoted_terms_table()
