"""The evidence sentences of the stance section, each tone word marked where the tone
read it.

A cue carries its offsets into its sentence (`nlp.attribution.Cue`), so the sentence is
cut into escaped text and marks at those offsets; nothing is searched for again. The
text between marks is escaped piece by piece (`render.safe.html_text`), so a bidi
control inside one piece is isolated there and cannot reorder the marks around it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ai_discourse.analysis.stance import EXAMPLES, evidence_row
from ai_discourse.nlp.attribution import Cue, Evidence
from ai_discourse.render.report.parts import Page, Row, esc, esc_cut, more, text
from ai_discourse.render.safe import html_text
from ai_discourse.render.svg import cut

EVIDENCE_PER_TARGET = EXAMPLES
"""Evidence sentences shown per target: those with the strongest tone, in reading order."""
SENTENCE_CHARS = 600


def mark_cues(
    sentence: str, cues: Sequence[Cue], *, limit: int = SENTENCE_CHARS
) -> tuple[str, list[Cue]]:
    """The sentence escaped and cut to `limit` characters, each cue in a `<mark
    class="pos|neg" title="label">` at its offsets; and the cues it could not mark (past
    the cut, or of no width), in their order, to be listed beside it.

    Marks never cross, so the HTML stays well formed: a cue inside another is marked
    inside it; one that starts inside another and ends after it is marked from that end
    on (the shared characters stay with the cue that starts first); one running past the
    cut is marked up to it.
    """
    shown = cut(sentence, limit)
    visible = len(sentence) if len(sentence) <= limit else limit - 1  # the "…" is not text
    markable = [k for k, c in enumerate(cues) if c.start < min(c.end, visible)]
    spans = [(cues[k].start, min(cues[k].end, visible), cues[k]) for k in markable]
    unshown = [c for k, c in enumerate(cues) if k not in markable]
    return _nest(shown, _uncross(spans)), unshown


def _reading_order(span: tuple[int, int, Cue]) -> tuple[int, int]:
    return span[0], -span[1]  # a span before the spans it holds


def _uncross(spans: list[tuple[int, int, Cue]]) -> list[tuple[int, int, Cue]]:
    """Spans in reading order, each that starts inside an earlier one and ends after it
    moved to start at that one's end, until none crosses another. (The sort is stable:
    equal spans keep the order the tone read them in.)"""
    out = sorted(spans, key=_reading_order)
    while True:
        crossing = next(
            ((k, a[1]) for k, b in enumerate(out) for a in out[:k] if a[0] < b[0] < a[1] < b[1]),
            None,
        )
        if crossing is None:
            return out
        k, end = crossing
        out[k] = (end, out[k][1], out[k][2])
        out.sort(key=_reading_order)


def _nest(shown: str, spans: list[tuple[int, int, Cue]]) -> str:
    """The text with a mark around each span; `spans` nest or are apart, in reading order."""
    out: list[str] = []
    position = 0
    open_ends: list[int] = []

    def upto(end: int) -> None:
        nonlocal position
        out.append(html_text(shown[position:end]))
        position = end

    for start, end, cue in spans:
        while open_ends and open_ends[-1] <= start:
            upto(open_ends.pop())
            out.append("</mark>")
        upto(start)
        tone = "pos" if cue.positive else "neg"
        out.append(f'<mark class="{tone}" title="{html_text(cue.label)}">')
        open_ends.append(end)
    while open_ends:
        upto(open_ends.pop())
        out.append("</mark>")
    upto(len(shown))
    return "".join(out)


def evidence_list(page: Page, target: str, summary: Row | None) -> str:
    """The target's evidence sentences, at most `EVIDENCE_PER_TARGET` (the strongest tone
    chosen, shown in reading order), in a folded list with the target's tone counts."""
    assert page.result.stance is not None
    stance = page.result.stance
    mine: list[tuple[Row, Evidence]] = [
        (evidence_row(e), e) for e in stance.strongest if e.target == target
    ]
    total = stance.sentences.get(target, 0)
    if len(mine) > EVIDENCE_PER_TARGET:
        strongest = sorted(range(len(mine)), key=lambda k: -abs(float(mine[k][0]["score"])))
        mine = [mine[k] for k in sorted(strongest[:EVIDENCE_PER_TARGET])]
    counts = ""
    if summary is not None:
        counts = (
            f': <span class="pos">+{summary["positive"]:,}</span> '
            f'<span class="neg">−{summary["negative"]:,}</span> '
            f'<span class="neu">={summary["neutral"]:,}</span>'
        )
    items = [_item(page, r, e) for r, e in mine]
    shown = f"{len(items)} of {total:,}" if total > len(items) else f"{total:,}"
    return (
        f'<details class="evidence"><summary><strong>{esc(target)}</strong>: '
        f"{shown} sentences{counts}</summary>"
        f'<ol class="evidence">{"".join(items)}</ol>'
        f"{more(total - len(items), f'sentences about {target}', 'stance_evidence')}"
        "</details>"
    )


def _item(page: Page, r: Row, evidence: Evidence) -> str:
    """One sentence: its tone badge, the text with its cues marked, and where it is from."""
    tone = text(r["tone"]) or "neu"
    marked, unshown = mark_cues(evidence.text, evidence.cues)
    why = [
        f"{esc_cut(page.title_of(r['doc_id']), 80)} · sentence {esc(r['sentence'])}",
        f"by {esc(r['attribution'])}",
    ]
    if r.get("frames"):
        why.append("frames: " + esc_cut(r["frames"], 120))
    if unshown:
        why.append(
            "cues: "
            + " ".join(
                f'<span class="{"pos" if c.positive else "neg"}">{esc_cut(c.label, 60)}</span>'
                for c in unshown
            )
        )
    return (
        f'<li class="ev"><span class="badge {esc(tone)}">{esc(tone)} '
        f"{float(r['score']):+.1f}</span> <q>{marked}</q>"
        f'<div class="why">{" · ".join(why)}</div></li>'
    )
