"""The entities section: people and organisations, places, who said what, and the terms
set in quotes without being speech."""

from __future__ import annotations

from ai_discourse.render.report.parts import (
    DOCUMENT,
    DOCUMENTS,
    MENTIONS,
    ROLE,
    TARGET,
    Col,
    Page,
    Section,
    inline,
    records,
    table,
    text,
)

ENTITY_COLUMNS = (
    Col("entity", "entity"),
    Col("type", "type"),
    TARGET,
    ROLE,
    MENTIONS,
    DOCUMENTS,
    Col("spellings", "spellings"),
)
QUOTE_COLUMNS = (
    Col("who", "speaker"),
    ROLE,
    Col("verb", "verb", "nowrap"),
    Col("quote", "quote"),
    DOCUMENT,
)


def entities(page: Page) -> Section | None:
    """Entities and quotes (None when the corpus has neither)."""
    found, quotes = page.result.entities, page.result.rows("quotes")
    if found.empty and quotes.empty:
        return None
    body = []
    named = found[found["type"] != "LOC"]
    if not named.empty:
        body.append("<h3>People and organisations</h3>")
        rows = records(named, page.rows)
        for r in rows:
            r["role"] = _role(r)
        body.append(
            table(
                rows,
                ENTITY_COLUMNS,
                total=len(named),
                file="entities",
                noun="people and organisations",
            )
        )
    places = found[found["type"] == "LOC"]
    if not places.empty:
        pairs = list(zip(places["entity"], places["mentions"], strict=True))
        body.append(f"<p><strong>Places:</strong> {inline(pairs, limit=30)}</p>")
    if not quotes.empty:
        body.append("<h3>Who said what</h3>")
        rows = records(quotes, page.rows)
        for r in rows:
            r["who"] = text(r["speaker"]) or "?"
            r["role"] = _role(r)
            r["document"] = page.title_of(r["doc_id"])
        body.append(table(rows, QUOTE_COLUMNS, total=len(quotes), file="quotes", noun="quotes"))
    terms = page.result.quoted_terms
    if not terms.empty:
        pairs = list(zip(terms["term"], terms["count"], strict=True))
        body.append(
            f"<p><strong>Set in quotes, not as speech:</strong> {inline(pairs, limit=30)}</p>"
        )
    return Section("entities", "Entities and quotes", "\n".join(body))


def _role(row: dict[str, object]) -> str:
    """`title · affiliation`, either left out when unknown."""
    return " · ".join(text(x) for x in (row["title"], row["affiliation"]) if text(x))
