"""Entity and quote tables: who and which organisations appear, who says what."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ai_discourse.records import Doc, Mention

if TYPE_CHECKING:
    import pandas as pd

_HOW_RANK = {"gazetteer": 0, "title": 1, "suffix": 2, "context": 3, "lexicon": 4, "name": 5}


def _counted(doc: Doc) -> list[Mention]:
    """Mentions in the text proper: captions help resolve names but are not counted."""
    parts = {s.index: s.part for s in doc.sentences}
    return [m for m in doc.mentions if m.named and parts.get(m.sentence) != "caption"]


def entity_table(docs: Sequence[Doc], *, top: int | None = None) -> pd.DataFrame:
    """One row per entity: type, title and affiliation (people), mentions, documents,
    the spellings met, and how it was recognised (gazetteer, title, suffix, context, name)."""
    import pandas as pd

    mentions: Counter[tuple[str, str]] = Counter()
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    titles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    affiliations: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    how: dict[tuple[str, str], str] = {}
    targets: dict[tuple[str, str], str] = {}
    for doc in docs:
        for m in _counted(doc):
            key = (m.entity, m.type)
            mentions[key] += 1
            documents[key].add(doc.id)
            surfaces[key][m.surface] += 1
            if m.title:
                titles[key][m.title] += 1
            if m.affiliation:
                affiliations[key][m.affiliation] += 1
            if key not in how or _HOW_RANK.get(m.how, 9) < _HOW_RANK.get(how[key], 9):
                how[key] = m.how
            if m.target:
                targets[key] = m.target
    ranked = sorted(mentions, key=lambda k: (-mentions[k], -len(documents[k]), k))
    if top:
        ranked = ranked[:top]
    rows = [
        {
            "entity": entity,
            "type": kind,
            "target": targets.get((entity, kind), ""),
            "title": titles[(entity, kind)].most_common(1)[0][0] if titles[(entity, kind)] else "",
            "affiliation": (
                affiliations[(entity, kind)].most_common(1)[0][0]
                if affiliations[(entity, kind)]
                else ""
            ),
            "mentions": mentions[(entity, kind)],
            "documents": len(documents[(entity, kind)]),
            "spellings": ", ".join(s for s, _ in surfaces[(entity, kind)].most_common()),
            "found_by": how[(entity, kind)],
        }
        for entity, kind in ranked
    ]
    columns = [
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
    return pd.DataFrame(rows, columns=columns)


def entity_by_doc_table(docs: Sequence[Doc]) -> pd.DataFrame:
    """Mentions per (document, entity), with the spellings met in that document (most
    frequent first), so that a reader can audit each merge (`트럼프, 도널드 트럼프`)."""
    import pandas as pd

    rows = []
    for doc in docs:
        counts: Counter[tuple[str, str]] = Counter()
        spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for m in _counted(doc):
            counts[(m.entity, m.type)] += 1
            spellings[(m.entity, m.type)][m.surface] += 1
        for (entity, kind), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            seen = sorted(spellings[(entity, kind)].items(), key=lambda kv: (-kv[1], kv[0]))
            rows.append(
                {
                    "doc_id": doc.id,
                    "entity": entity,
                    "type": kind,
                    "mentions": n,
                    "spellings": ", ".join(form for form, _ in seen),
                }
            )
    return pd.DataFrame(rows, columns=["doc_id", "entity", "type", "mentions", "spellings"])


def quote_table(docs: Sequence[Doc]) -> pd.DataFrame:
    """Every direct quote: who (resolved full name, as written, kind, title, affiliation),
    how the speaker was found, what was said, which verb."""
    import pandas as pd

    rows = [
        {
            "doc_id": doc.id,
            "speaker": q.speaker or "",
            "speaker_type": q.speaker_type or "",
            "as_written": q.surface or "",
            "how": q.how,
            "title": q.title or "",
            "affiliation": q.affiliation or "",
            "verb": q.verb or "",
            "quote": q.text,
            "sentence": q.sentence,
            "start": q.start,
            "end": q.end,
        }
        for doc in docs
        for q in doc.quotes
    ]
    columns = [
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
    return pd.DataFrame(rows, columns=columns)


def quoted_terms_table(docs: Sequence[Doc]) -> pd.DataFrame:
    """Short spans in quotes that are no speech (terms, titles, scare quotes), most used
    first: how often, in how many documents, and the first document that has it."""
    import pandas as pd

    counts: dict[str, list[Any]] = {}
    for doc in docs:
        for term in doc.quoted_terms:
            row = counts.setdefault(term.text, [0, set(), doc.id])
            row[0] += 1
            row[1].add(doc.id)
    rows = [
        {"term": term, "count": n, "documents": len(seen), "first_doc_id": first}
        for term, (n, seen, first) in counts.items()
    ]
    columns = ["term", "count", "documents", "first_doc_id"]
    table = pd.DataFrame(rows, columns=columns)
    order = table.sort_values(["count", "documents", "term"], ascending=[False, False, True])
    return order.reset_index(drop=True)
