"""The sections of the analyses asked for with depth options: topics, key terms,
compound terms and near-duplicates."""

from __future__ import annotations

from ai_discourse.render.report.parts import (
    COUNT,
    DOCUMENT,
    RANK,
    TERM,
    Col,
    Page,
    Section,
    Z,
    esc,
    esc_cut,
    plural,
    records,
    table,
    text,
)
from ai_discourse.render.svg import share_bar

TOPIC_COLUMNS = (
    Col("topic", "#", "int"),
    Col("share", "share", "pct0"),
    Col("bar", "", "html"),
    Col("terms", "top terms"),
    Col("typical", "typical document"),
)
KEYNESS_COLUMNS = (
    Col("group", "group"),
    RANK,
    TERM,
    COUNT,
    Col("count_rest", "rest", "int"),
    Z,
    Col("g2", "G²", "f2"),
    Col("context", "example", "html"),
)
TERM_COLUMNS = (
    RANK,
    TERM,
    COUNT,
    Col("docs", "docs", "int"),
    Col("npmi", "npmi", "f2"),
    Col("left_entropy", "left H", "f2"),
    Col("right_entropy", "right H", "f2"),
    Col("score", "score", "f2"),
)
NEAR_COLUMNS = (
    Col("cluster", "cluster", "int"),
    Col("size", "size", "int"),
    DOCUMENT,
    Col("doc_id", "id"),
    Col("similarity", "similarity", "f3"),
)


def topics(page: Page) -> Section | None:
    """Topics with their share of the corpus, top terms and most typical document, and
    the topics of the documents naming each target."""
    found = page.result.topics
    if found is None or found.topics.empty:
        return None
    shares = found.shares
    in_corpus = shares[shares["by"] == "corpus"]
    corpus = {int(t): float(s) for t, s in zip(in_corpus["topic"], in_corpus["share"], strict=True)}
    first = found.representative[found.representative["rank"] == 1]
    typical = {int(t): d for t, d in zip(first["topic"], first["doc_id"], strict=True)}
    rows = []
    for key, group in found.topics.groupby("topic", sort=True):
        topic = int(str(key))
        share = corpus.get(topic, 0.0)
        doc = typical.get(topic)
        rows.append(
            {
                "topic": topic,
                "share": share,
                "bar": share_bar(share),
                "terms": ", ".join(text(t) for t in group["term"].head(10)),
                "typical": "" if doc is None else page.title_of(doc),
            }
        )
    body = [table(rows[: page.rows], TOPIC_COLUMNS, total=len(rows), file="topics", noun="topics")]
    lines = []
    for target, group in shares[shares["by"] == "target"].groupby("group", sort=False):
        best = group.sort_values("share", ascending=False).head(3)
        parts = ", ".join(
            f"topic {int(t)} {float(s):.0%}"
            for t, s in zip(best["topic"], best["share"], strict=True)
        )
        lines.append(f"<li><strong>{esc(target)}</strong>: {parts}</li>")
    if lines:
        body.append("<h3>Topics of the documents naming each target</h3>")
        body.append(f"<ul>{''.join(lines)}</ul>")
    return Section("topics", "Topics", "\n".join(body))


def keyness(page: Page) -> Section | None:
    """Terms used more in one group than in the rest, each with an example."""
    frame = page.result.keyness
    if frame is None or frame.empty:
        return None
    rows = records(frame, page.rows)
    for r in rows:
        r["context"] = _bracketed(text(r.get("example")))
    found = table(rows, KEYNESS_COLUMNS, total=len(frame), file="keyness", noun="key terms")
    intro = (
        '<p class="small">Terms used more in one group than in the rest '
        "(log-odds z-score; G² log-likelihood).</p>"
    )
    return Section("keyness", "Key terms", intro + found)


def _bracketed(example: str) -> str:
    """A keyness example `…left [term] right…` escaped, the term marked."""
    left, bracket, rest = example.partition("[")
    term, close, right = rest.partition("]")
    if not bracket or not close:
        return esc_cut(example)
    return f"{esc_cut(left, 150)}<mark>{esc_cut(term, 60)}</mark>{esc_cut(right, 150)}"


def terms(page: Page) -> Section | None:
    """Compound terms found by association and boundary entropy."""
    frame = page.result.terms
    if frame is None or frame.empty:
        return None
    rows = records(frame, page.rows)
    return Section(
        "terms",
        "Compound terms",
        table(rows, TERM_COLUMNS, total=len(frame), file="terms", noun="terms"),
    )


def near_duplicates(page: Page) -> Section | None:
    """Clusters of near-duplicate documents."""
    near = page.result.near_duplicates
    if near is None or near.empty:
        return None
    rows = records(near, page.rows)
    for r in rows:
        r["document"] = page.title_of(r["doc_id"])
    intro = (
        f"<p>{plural(len(near), 'document')} in "
        f"{plural(int(near['cluster'].nunique()), 'cluster')} of near-duplicates (similarity "
        "to the cluster's first document).</p>"
    )
    found = table(rows, NEAR_COLUMNS, total=len(near), file="near_duplicates", noun="documents")
    return Section("near-duplicates", "Near-duplicates", intro + found)
