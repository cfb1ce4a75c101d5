"""The data dictionary: every exported table and what each of its columns holds.

The README's *Data dictionary* section is `dictionary_markdown()` verbatim, and a test
checks that every column of every table a run can export is described here, so the two
cannot drift apart.
"""

from __future__ import annotations

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "documents": (
        "one row per article",
        {
            "doc_id": "the article's id (file name, JSONL id, row id)",
            "path": "the input file",
            "kind": "news, blog or unknown",
            "source": "the outlet or platform",
            "date": "publication date, ISO (YYYY-MM-DD) when known",
            "author": "reporter or blogger",
            "title": "the headline",
            "url": "the page's address when the input had one",
            "chars": "characters of the cleaned body",
            "sentences": "content sentences (title, deck, body; captions left out)",
            "tokens": "Kiwi morphemes in those sentences",
            "terms": "content terms (see keywords)",
            "captions": "photo captions kept apart",
        },
    ),
    "keywords": (
        "one row per term: the first 100, then every term seen twice or more (at most 5,000)",
        {
            "rank": "1 = most frequent",
            "term": "the noun, name or acronym as Kiwi reads it (spellings merged)",
            "tf": "occurrences in the corpus",
            "df": "documents it occurs in",
            "share": "tf / all terms",
            "tf_KIND": "occurrences in the documents of that kind (tf_news, tf_blog …)",
        },
    ),
    "tfidf": (
        "(document, term): each document's top terms",
        {
            "doc_id": "the article",
            "rank": "1 = most characteristic of the document",
            "term": "the term",
            "tfidf": "(1 + ln tf) × (ln((1 + n) / (1 + df)) + 1), L2-normalised per document",
            "tf": "occurrences in the document",
            "df": "documents with the term",
        },
    ),
    "entities": (
        "one row per person, organisation or place",
        {
            "entity": "the canonical name",
            "type": "PER, ORG or LOC",
            "target": "the tracked target it is, if any",
            "title": "the commonest title met with it (person)",
            "affiliation": "the commonest affiliation met with it (person)",
            "mentions": "mentions in the text proper",
            "documents": "documents mentioning it",
            "spellings": "the spellings met, commonest first",
            "found_by": "how it was recognised (gazetteer, title, suffix, place, context …)",
        },
    ),
    "entities_by_doc": (
        "(document, entity), to audit each merge",
        {
            "doc_id": "the article",
            "entity": "the canonical name",
            "type": "PER, ORG or LOC",
            "mentions": "mentions in that document",
            "spellings": "the spellings met there",
        },
    ),
    "quotes": (
        "one row per direct quotation",
        {
            "doc_id": "the article",
            "speaker": "who said it, resolved (empty when the text does not say)",
            "speaker_type": "PER, ORG, LOC, or ROLE for a description (관계자)",
            "as_written": "the speaker as the sentence names them",
            "how": "how the speaker was found (subject, pronoun, source, after …)",
            "title": "the speaker's title",
            "affiliation": "the speaker's organisation",
            "verb": "the speech verb",
            "quote": "the words quoted",
            "sentence": "the sentence's index in the document",
            "start": "character offset of the quote in the document text",
            "end": "character offset of its end",
        },
    ),
    "quoted_terms": (
        "one row per short span in quotes that is no speech (a term, a title, a scare quote)",
        {
            "term": "the quoted words",
            "count": "occurrences",
            "documents": "documents",
            "first_doc_id": "the first document using it",
        },
    ),
    "stance": (
        "(scope, target): scope = the corpus, each kind, each document",
        {
            "scope_type": "corpus, kind or document",
            "scope": "all, the kind, or the doc_id",
            "target": "the tracked target",
            "documents": "documents mentioning the target",
            "mentions": "mentions of the target",
            "sentences": "sentences about the target (it is their subject or topic)",
            "context_sentences": "sentences attributed by context (the next sentence)",
            "share_of_voice": "its mentions / all targets' mentions",
            "positive": "positive sentences",
            "negative": "negative sentences",
            "neutral": "neutral sentences",
            "net_tone": "(positive − negative) / sentences",
            "top_frames": "the three commonest frames, with counts",
        },
    ),
    "stance_frames": (
        "(target, frame)",
        {
            "target": "the tracked target",
            "frame": "the frame (data/frames.toml)",
            "sentences": "its sentences in that frame",
            "share": "sentences / the target's sentences",
            "positive": "positive ones",
            "negative": "negative ones",
            "neutral": "neutral ones",
        },
    ),
    "stance_words": (
        "(target, distinctive word)",
        {
            "target": "the tracked target",
            "rank": "1 = most distinctive",
            "term": "the word",
            "count": "occurrences in the target's sentences",
            "count_others": "occurrences in the other targets' sentences",
            "log_odds": "log-odds ratio with an informative Dirichlet prior",
            "z": "its z-score",
        },
    ),
    "stance_evidence": (
        "(target, sentence): the evidence behind every stance count",
        {
            "target": "the tracked target",
            "doc_id": "the article",
            "kind": "news or blog",
            "sentence": "the sentence's index",
            "start": "character offset in the document text",
            "end": "character offset of its end",
            "attribution": "mention (the sentence names the target) or context (the one after)",
            "tone": "pos, neg or neu",
            "score": "the summed tone score",
            "cues": "the tone words, each with its sign (`(부정됨)`: negated)",
            "frames": "the frames the sentence evokes",
            "text": "the sentence",
        },
    ),
    "trends": (
        "(period, target); one row per period when there is no target",
        {
            "period": "YYYY-MM-DD, YYYY-Www or YYYY-MM; undated for documents without a date",
            "target": "the tracked target",
            "documents": "documents of the period",
            "documents_mentioning": "of those, documents mentioning the target",
            "mentions": "mentions of the target",
            "share_of_voice": "its mentions / all targets' mentions in the period",
            "sentences": "sentences about the target",
            "context_sentences": "sentences attributed by context",
            "positive": "positive sentences",
            "negative": "negative sentences",
            "neutral": "neutral sentences",
            "net_tone": "(positive − negative) / sentences",
            "sparse": "true when the period has fewer than 5 documents",
        },
    ),
    "trend_keywords": (
        "(period, term) with `trends --keywords N`",
        {
            "period": "the period",
            "rank": "1 = most frequent in the period",
            "term": "the term",
            "tf": "occurrences in the period",
        },
    ),
    "near_duplicates": (
        "one row per document in a cluster of near-duplicates",
        {
            "cluster": "1, 2 … in the order of each cluster's first document",
            "doc_id": "the article",
            "similarity": "estimated Jaccard similarity to the cluster's first document",
            "size": "documents in the cluster",
        },
    ),
    "keyness": (
        "(group, term) with `keyness`",
        {
            "group": "the kind, source, month, target or metadata value",
            "documents": "documents in the group",
            "rank": "1 = most key",
            "term": "the term",
            "count": "occurrences in the group",
            "count_rest": "occurrences in the rest of the corpus",
            "per_10k": "per 10,000 terms of the group",
            "per_10k_rest": "per 10,000 terms of the rest",
            "log_odds": "log-odds ratio with an informative Dirichlet prior (the corpus)",
            "z": "its z-score",
            "g2": "Dunning's log-likelihood G², negative when rarer in the group",
            "p": "G²'s p-value (χ², 1 degree of freedom)",
            "example": "the term in context: …left[term]right…",
            "example_doc": "the document of the example",
        },
    ),
    "terms": (
        "one row per compound term with `terms`",
        {
            "rank": "1 = best",
            "term": "the commonest spelling (with or without spaces)",
            "tokens": "nouns in it",
            "count": "occurrences",
            "docs": "documents",
            "npmi": "normalised PMI of its nouns (1: they occur only together)",
            "left_entropy": "branching entropy of the noun before it",
            "right_entropy": "branching entropy of the noun after it",
            "score": "npmi × log2(1 + count) × min(1, 0.5 + the smaller entropy)",
        },
    ),
    "network_nodes": (
        "one row per term of the semantic network",
        {
            "term": "the term",
            "count": "sentences it occurs in",
            "degree": "terms it is linked to",
            "weighted_degree": "the sum of its links' counts",
            "betweenness": "betweenness centrality (unweighted, normalised)",
            "eigenvector": "eigenvector centrality (weighted by count)",
            "community": "Louvain or CONCOR community (1 = largest; 0 = no link)",
        },
    ),
    "network_edges": (
        "one row per link",
        {
            "source": "a term",
            "target": "the other term",
            "count": "sentences with both",
            "score": "frequency, PMI, Jaccard or G², as chosen",
        },
    ),
    "network_ego": (
        "(target, neighbour)",
        {
            "target": "the tracked target",
            "rank": "1 = strongest link",
            "term": "the neighbouring term",
            "count": "sentences with both",
            "score": "the link's score",
        },
    ),
    "topics": (
        "(topic, term) with `topics`",
        {
            "topic": "1 … k",
            "rank": "1 = the topic's heaviest term",
            "term": "the term",
            "weight": "its share of the topic's weight",
        },
    ),
    "topic_documents": (
        "(topic, typical document)",
        {
            "topic": "the topic",
            "rank": "1 = most typical",
            "doc_id": "the article",
            "title": "its headline",
            "weight": "the topic's share of the document",
        },
    ),
    "doc_topics": (
        "(document, topic): shares of at least 5%",
        {
            "doc_id": "the article",
            "topic": "the topic",
            "weight": "the topic's share of the document",
        },
    ),
    "topic_shares": (
        "(group, topic): mean topic shares",
        {
            "by": "corpus, target, or the period (day, week, month)",
            "group": "all, the target, or the period",
            "topic": "the topic",
            "documents": "documents in the group",
            "share": "the topic's mean share over them",
        },
    ),
    "kwic": (
        "one row per place the term is written, with `kwic`",
        {
            "doc_id": "the article",
            "title": "its headline",
            "sentence": "the sentence's index",
            "start": "character offset of the term in the document text",
            "end": "character offset of its end",
            "left": "the text before it",
            "term": "the term as written",
            "right": "the text after it",
        },
    ),
}


def describe(table: str, column: str) -> str | None:
    """What a column holds (`tf_news` reads as the `tf_KIND` pattern)."""
    columns = TABLES.get(table, ("", {}))[1]
    if column in columns:
        return columns[column]
    if column.startswith("tf_") and "tf_KIND" in columns:
        return columns["tf_KIND"]
    return None


def dictionary_markdown() -> str:
    """The data dictionary as Markdown: a heading and a table per file."""
    parts = []
    for table, (rows, columns) in TABLES.items():
        parts.append(f"**`{table}`** — {rows}\n")
        parts.append("| column | holds |\n|---|---|")
        parts += [f"| `{name}` | {text} |" for name, text in columns.items()]
        parts.append("")
    return "\n".join(parts)
