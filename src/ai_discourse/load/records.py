"""One-article-per-record inputs: JSON Lines (`text` required; metadata fields optional)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ai_discourse.records import Article, Skipped

from .dates import parse_date

_TEXT_KEYS = ("text", "body", "content", "본문", "내용")
_FIELDS = {
    "title": ("title", "제목", "headline"),
    "date": ("date", "published", "일자", "날짜"),
    "source": ("source", "press", "언론사", "매체"),
    "author": ("author", "byline", "기자", "기고자"),
    "url": ("url", "link", "URL"),
    "id": ("id", "doc_id", "뉴스 식별자"),
}


def parse_jsonl(text: str, *, path: str) -> Iterator[Article | Skipped]:
    """One Article per JSON line; a bad line is Skipped as `path:line` and the rest go on."""
    stem = Path(path).stem
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"not valid JSON ({exc.msg})", "one JSON object per line")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, "not a JSON object", "one JSON object per line")
            continue
        yield from record_to_article(record, where=where, default_id=f"{stem}#{lineno}")


def record_to_article(
    record: dict[str, Any], *, where: str, default_id: str
) -> Iterator[Article | Skipped]:
    """Map a dict with common (English or Korean) field names to an Article."""
    body = _pick(record, _TEXT_KEYS)
    if not body:
        keys = ", ".join(_TEXT_KEYS[:3])
        yield Skipped(where, "no article text", f"give the text in a field named {keys}")
        return
    fields = {name: _pick(record, keys) for name, keys in _FIELDS.items()}
    paragraphs = [p.strip() for p in body.replace("\r", "").split("\n") if p.strip()]
    used = {k for keys in (*_FIELDS.values(), _TEXT_KEYS) for k in keys}
    meta = {k: v for k, v in record.items() if k not in used and v not in (None, "")}
    yield Article(
        id=fields["id"] or default_id,
        path=where,
        kind=_kind(record),
        source=fields["source"],
        title=fields["title"],
        date=parse_date(fields["date"]) if fields["date"] else None,
        author=fields["author"],
        url=fields["url"],
        body="\n\n".join(paragraphs),
        meta=meta,
    )


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _kind(record: dict[str, Any]) -> Any:
    kind = str(record.get("kind", "")).lower()
    return kind if kind in ("news", "blog") else "news" if record.get("source") else "unknown"
