"""The stance section: the targets side by side, their tone by document kind, frames,
distinctive words, and the evidence sentences behind every number."""

from __future__ import annotations

from collections.abc import Callable

from ai_discourse.render.report.evidence import EVIDENCE_PER_TARGET, evidence_list
from ai_discourse.render.report.parts import (
    COUNT,
    DOCUMENTS,
    MENTIONS,
    NET_TONE,
    RANK,
    SENTENCES,
    SHARE_OF_VOICE,
    TARGET,
    TERM,
    TONES,
    Col,
    Page,
    Row,
    Section,
    Z,
    esc,
    esc_cut,
    plural,
    records,
    table,
    text,
    tone_class,
)
from ai_discourse.render.safe import html_text
from ai_discourse.render.svg import colour, share_bar, tone_bar

KIND_COLUMNS = (
    Col("scope", "kind"),
    TARGET,
    DOCUMENTS,
    MENTIONS,
    SHARE_OF_VOICE,
    SENTENCES,
    Col("context_sentences", "by context", "int"),
    *TONES,
    NET_TONE,
    Col("top_frames", "top frames"),
)
FRAME_COLUMNS = (TARGET, Col("frame", "frame"), SENTENCES, Col("share", "share", "pct0"), *TONES)
WORD_COLUMNS = (TARGET, RANK, TERM, COUNT, Col("count_others", "others", "int"), Z)


def stance(page: Page) -> Section | None:
    """The stance of the corpus towards each target (None without targets)."""
    result = page.result.stance
    targets = page.result.targets
    if result is None or not targets:
        return None
    overall = result.scopes[result.scopes["scope_type"] == "corpus"]
    by_target = {text(r["target"]): r for r in records(overall, len(overall))}
    body = [_side_by_side(page, by_target)]
    body.append(
        '<p class="small">Net tone = (positive − negative) / attributed sentences. '
        f"Distinctive words: log-odds with an informative Dirichlet prior, seen at least "
        f"{result.min_count} times in the target's own sentences.</p>"
    )
    kinds = result.scopes[result.scopes["scope_type"] == "kind"]
    if kinds["scope"].nunique() > 1:
        body.append("<h3>By document kind</h3>")
        body.append(table(records(kinds, page.rows), KIND_COLUMNS, total=len(kinds), file="stance"))
    if not result.frames.empty:
        body.append("<h3>Frames</h3>")
        frames = records(result.frames, page.rows)
        body.append(table(frames, FRAME_COLUMNS, total=len(result.frames), file="stance_frames"))
    words = result.distinctive
    if not words.empty:
        body.append("<h3>Distinctive words</h3>")
        rows = records(words, page.rows)
        body.append(table(rows, WORD_COLUMNS, total=len(words), file="stance_words", noun="words"))
    body.append("<h3>Evidence sentences</h3>")
    body.append(
        '<p class="small">The sentences behind the numbers, up to '
        f"{EVIDENCE_PER_TARGET} per target (the strongest tone first chosen, shown in "
        'reading order). Tone words are marked: <mark class="pos">positive</mark>, '
        '<mark class="neg">negative</mark>.</p>'
    )
    for target in targets:
        body.append(evidence_list(page, target, by_target.get(target)))
    return Section("stance", "Stance", "\n".join(body))


def _side_by_side(page: Page, by_target: dict[str, Row]) -> str:
    """A column per target, a row per measure: mentions, share of voice, sentences, tone,
    net tone, frames, distinctive words."""
    assert page.result.stance is not None
    targets = page.result.targets
    words = page.result.stance.distinctive
    body = ['<div class="scroll"><table class="side"><thead><tr><th scope="col"></th>']
    for n, target in enumerate(targets):
        body.append(
            f'<th scope="col"><span class="swatch" style="background:{colour(n + 1)}">'
            f"</span>{esc(target)}</th>"
        )
    body.append("</tr></thead><tbody>")

    def line(label: str, render: Callable[[Row], str]) -> None:
        cells = "".join(
            f"<td>{render(by_target[t])}</td>" if t in by_target else "<td></td>" for t in targets
        )
        body.append(f'<tr><th scope="row">{html_text(label)}</th>{cells}</tr>')

    hue = {t: colour(n + 1) for n, t in enumerate(targets)}
    line("mentions", lambda r: f"{r['mentions']:,} in {plural(int(r['documents']), 'document')}")
    line(
        "share of voice",
        lambda r: (
            f"{share_bar(float(r['share_of_voice']), fill=hue[text(r['target'])])} "
            f"{r['share_of_voice']:.0%}"
        ),
    )
    line(
        "attributed sentences",
        lambda r: f"{r['sentences']:,} (+{r['context_sentences']:,} by context)",
    )
    line(
        "tone",
        lambda r: (
            tone_bar(int(r["positive"]), int(r["neutral"]), int(r["negative"]))
            + f'<div class="small"><span class="pos">+{r["positive"]:,}</span> · '
            f'<span class="neu">={r["neutral"]:,}</span> · '
            f'<span class="neg">−{r["negative"]:,}</span></div>'
        ),
    )
    line(
        "net tone",
        lambda r: (
            f'<strong class="{tone_class(float(r["net_tone"]))}">'
            f"{float(r['net_tone']):+.2f}</strong>"
        ),
    )
    line("top frames", lambda r: esc_cut(r["top_frames"]) or "—")
    distinctive = {
        t: ", ".join(esc_cut(w, 40) for w in words[words["target"] == t]["term"].head(10))
        for t in targets
    }
    body.append(
        '<tr><th scope="row">distinctive words</th>'
        + "".join(f"<td>{distinctive[t] or '—'}</td>" for t in targets)
        + "</tr>"
    )
    body.append("</tbody></table></div>")
    return "\n".join(body)
