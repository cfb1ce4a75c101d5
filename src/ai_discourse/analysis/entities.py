"""Entity and quote tables: who and which organisations appear, who says what."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.disk import DiskTable, RowSink, Table
from ai_discourse.analysis.spec import (
    Col,
    Finish,
    Lines,
    Results,
    Setup,
    Show,
    Spec,
    TableDoc,
    columns,
)

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

_HOW_RANK = {
    how: rank
    for rank, how in enumerate(
        ("gazetteer", "title", "suffix", "apposition", "context", "lexicon", "name")
    )
}

ENTITIES = TableDoc(
    "entities",
    "one row per person, organisation or place",
    columns(
        entity="the canonical name",
        type="PER, ORG or LOC",
        target="the tracked target it is, if any",
        title="the commonest title met with it (person)",
        affiliation="the commonest affiliation met with it (person)",
        mentions="mentions in the text proper",
        documents="documents mentioning it",
        spellings="the spellings met, commonest first",
        found_by="how it was recognised (gazetteer, title, suffix, apposition, place, context …)",
    ),
)
BY_DOC = TableDoc(
    "entities_by_doc",
    "(document, entity), to audit each merge",
    columns(
        doc_id="the article",
        entity="the canonical name; a person the document never names: `김 씨`, `C 씨`",
        type="PER, ORG or LOC",
        mentions="mentions in that document",
        spellings="the spellings met there",
    ),
)
QUOTES = TableDoc(
    "quotes",
    "one row per direct quotation (in double quotes; in single quotes only when framed as "
    "speech with a speaker; a mark the outlet left open, up to the quotative that ends its "
    "words)",
    columns(
        doc_id="the article",
        speaker="who said it, resolved (empty when the text does not say)",
        speaker_type="PER, ORG, LOC, or ROLE for a description (관계자)",
        as_written="the speaker as the sentence names them",
        how="the rule that found the speaker (subject, role, pronoun, source, after …)",
        title="the speaker's title",
        affiliation="the speaker's organisation",
        verb="the speech verb",
        quote="the words quoted",
        sentence="the sentence's index in the document",
        start="character offset of the quote in the document text",
        end="character offset of its end",
    ),
)
QUOTED_TERMS = TableDoc(
    "quoted_terms",
    "one row per short span in double quotes that is no speech (a term, a title, a scare quote)",
    columns(
        term="the quoted words",
        count="occurrences",
        documents="documents",
        first_doc_id="the first document using it",
    ),
)
BY_DOC_TYPES = ("str", "str", "str", "int", "str")
QUOTE_TYPES = ("str",) * 9 + ("int",) * 3
SHOWN = {"entities": 15, "quotes": 10}
"""Rows the terminal shows of each (`--top` sets them): people and organisations (and the
places and quoted terms of the one-line lists), quotes."""


def _names(table: TableDoc) -> list[str]:
    return [c.name for c in table.columns]


@dataclass
class Entities:
    """The four tables of people, organisations and places, and of quotes."""

    entities: pd.DataFrame
    by_doc: DiskTable
    quotes: DiskTable
    quoted_terms: pd.DataFrame

    def tables(self) -> dict[str, Table]:
        return {
            "entities": self.entities,
            "entities_by_doc": self.by_doc,
            "quotes": self.quotes,
            "quoted_terms": self.quoted_terms,
        }


class EntityFold:
    """Entities, entities per document, quotes and quoted terms, added document by
    document (the corpus tables grow with the distinct entities and terms, the
    per-document ones by a row per entity of a document, per quote)."""

    def __init__(self, setup: Setup | None = None) -> None:
        self.mentions: Counter[tuple[str, str]] = Counter()
        self.documents: Counter[tuple[str, str]] = Counter()
        self.surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.titles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.affiliations: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.how: dict[tuple[str, str], str] = {}
        self.targets: dict[tuple[str, str], str] = {}
        self.by_doc = RowSink(dict(zip(_names(BY_DOC), BY_DOC_TYPES, strict=True)))
        self.quotes = RowSink(dict(zip(_names(QUOTES), QUOTE_TYPES, strict=True)))
        self.terms: dict[str, list[Any]] = {}

    def add(self, doc: DocSummary) -> None:
        counts: Counter[tuple[str, str]] = Counter()
        spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        listed: Counter[tuple[str, str]] = Counter()  # references (`김 씨`) too
        for m in doc.mentions:
            key = (m.entity, m.type)
            listed[key] += 1
            spellings[key][m.surface] += 1
            if not m.named:
                continue  # `김 씨`: someone in this document only
            counts[key] += 1
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
        for (entity, kind), n in sorted(listed.items(), key=lambda kv: (-kv[1], kv[0])):
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

    def finish(self, run: Finish) -> Entities:
        return Entities(
            self.entity_table(), self.by_doc_table(), self.quote_table(), self.quoted_terms_table()
        )

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
        return pd.DataFrame(rows, columns=_names(ENTITIES))

    def by_doc_table(self) -> DiskTable:
        """Mentions per (document, entity), with the spellings met in that document (most
        frequent first), so that a reader can audit each merge (`트럼프, 도널드 트럼프`)."""
        return self.by_doc.close()

    def quote_table(self) -> DiskTable:
        """Every direct quote: who (resolved full name, as written, kind, title,
        affiliation), how the speaker was found, what was said, which verb."""
        return self.quotes.close()

    def quoted_terms_table(self) -> pd.DataFrame:
        """Short spans in quotes that are no speech (terms, titles, scare quotes), most
        used first: how often, in how many documents, and the first document that has it."""
        import pandas as pd

        rows = [
            {"term": term, "count": n, "documents": len(seen), "first_doc_id": first}
            for term, (n, seen, first) in self.terms.items()
        ]
        table = pd.DataFrame(rows, columns=_names(QUOTED_TERMS))
        order = table.sort_values(["count", "documents", "term"], ascending=[False, False, True])
        return order.reset_index(drop=True)


def show(analysis: Results, out: Show) -> None:
    """People and organisations, the places in one line, who said what, and the words set
    in quotes in one line."""
    result: Entities = analysis.results["entities"]
    n = out.rows(SHOWN["entities"])
    named = result.entities[result.entities.type != "LOC"]
    layout = [
        Col("entity", overflow="fold"),
        Col("type", overflow="fold"),
        Col("title / affiliation", overflow="fold"),
        Col("mentions", justify="right", overflow="fold"),
        Col("docs", justify="right", overflow="fold"),
        Col("spellings", overflow="fold"),
    ]
    rows = [
        [
            row["entity"],
            row["type"],
            " · ".join(x for x in (row["title"], row["affiliation"]) if x),
            str(row["mentions"]),
            str(row["documents"]),
            row["spellings"],
        ]
        for row in named.head(n).to_dict(orient="records")
    ]
    out.table("People and organisations", layout, rows)
    out.more(len(named) - n, "people and organisations", "entities.csv")
    places = result.entities[result.entities.type == "LOC"]
    if not places.empty:
        # Places are many and short: one line of the most mentioned, not a table.
        shown = ", ".join(f"{r.entity} {r.mentions}" for r in places.head(n).itertuples())
        out.line(f"Places: {shown}")
        out.more(len(places) - n, "places", "entities.csv")
    if not result.quotes.empty:
        _quotes(result.quotes, out)
    terms = result.quoted_terms
    if not terms.empty:
        # Words put in quotes without anyone saying them: one line, like the places.
        shown = ", ".join(f"{r.term} {r.count}" for r in terms.head(n).itertuples())
        out.line(f"Set in quotes, not as speech: {shown}")
        out.more(len(terms) - n, "quoted terms", "quoted_terms.csv")


def _quotes(quotes: DiskTable, out: Show) -> None:
    n = out.rows(SHOWN["quotes"])
    layout = [
        Col("speaker", max_width=22, overflow="fold"),
        Col("how", style="dim"),
        Col("verb"),
        Col("quote", overflow="fold"),
    ]
    rows: list[list[Any]] = []
    for row in quotes.head(n).to_dict(orient="records"):
        who = row["speaker"] or "?"
        role = " · ".join(x for x in (row["title"], row["affiliation"]) if x)
        quote = row["quote"] if len(row["quote"]) <= 120 else row["quote"][:119] + "…"
        speaker = Lines((who, role)) if role else who
        rows.append([speaker, row["how"] or "", row["verb"] or "", quote])
    out.table("Who said what (direct quotes)", layout, rows)
    out.more(len(quotes) - n, "quotes", "quotes.csv")


SPEC = Spec(
    name="entities",
    fold=EntityFold,
    tables=(ENTITIES, BY_DOC, QUOTES, QUOTED_TERMS),
    tables_of=lambda result: result.tables(),
    default=...,
    console=show,
)
