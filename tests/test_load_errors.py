"""Bad inputs: one clear Skipped entry each (path, reason, hint); the rest still loads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ai_discourse.errors import InputError
from ai_discourse.load import load_corpus
from ai_discourse.load.encoding import decode, normalize_text

from .conftest import NEWS_SEED

GOOD = "네이버가 새 AI 모델을 공개했다. 업계는 긍정적으로 평가했다.\n"


def skipped(*paths: Path | str) -> list[str]:
    return [s.message() for s in load_corpus(paths).skipped]


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert skipped(missing) == [f"{missing}: no such file or directory (check the path)"]


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"x")
    (msg,) = skipped(tmp_path)
    assert msg == (
        f"{tmp_path}: no article files (.csv, .jsonl, .ndjson, .text, .tsv, .txt, .xlsm, .xlsx)"
        " in this folder"
    )


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(" \n\n\t\n", encoding="utf-8")
    assert skipped(tmp_path) == [
        f"{tmp_path / 'a.txt'}: empty file",
        f"{tmp_path / 'b.txt'}: empty file",
    ]


def test_only_boilerplate(tmp_path: Path) -> None:
    page = tmp_path / "chrome.txt"
    page.write_text("본문 바로가기\n카테고리 없음\n반응형\n\n댓글\n", encoding="utf-8")
    assert skipped(page) == [f"{page}: no article text left after removing page boilerplate"]


def test_binary_file_named_txt(tmp_path: Path) -> None:
    fake = tmp_path / "photo.txt"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert skipped(fake) == [
        f"{fake}: binary file, not text (pass text, .jsonl, .csv or .xlsx files)"
    ]


def test_unsupported_file_given_explicitly(tmp_path: Path) -> None:
    doc = tmp_path / "report.pdf"
    doc.write_bytes(b"%PDF-1.4")
    (msg,) = skipped(doc)
    assert msg.startswith(f"{doc}: unsupported file type .pdf")


def test_cp949_is_detected_and_gives_the_same_article(tmp_path: Path) -> None:
    # cp949 has no © (the seed's footer): the Windows copy of the page would read (c).
    text = NEWS_SEED.read_text(encoding="utf-8").replace("©", "(c)")
    (tmp_path / "utf8").mkdir()
    (tmp_path / "cp949").mkdir()
    (tmp_path / "utf8" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "cp949" / "a.txt").write_bytes(text.encode("cp949", errors="strict"))
    (u,) = load_corpus([tmp_path / "utf8"]).articles
    (c,) = load_corpus([tmp_path / "cp949"]).articles
    assert (c.body, c.deck, c.source, c.author, c.date) == (
        u.body,
        u.deck,
        u.source,
        u.author,
        u.date,
    )


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "euc-kr"])
def test_other_encodings_decode(codec: str) -> None:
    assert decode(GOOD.encode(codec), "x.txt").lstrip("\ufeff") == GOOD


def test_undecidable_bytes_suggest_an_encoding() -> None:
    data = "Größe café naïve".encode("latin-1") * 3
    with pytest.raises(InputError) as info:
        decode(data, "x.txt")
    assert info.value.reason == "not UTF-8"
    assert "--encoding" in (info.value.hint or "")


def test_forced_wrong_encoding_is_reported() -> None:
    with pytest.raises(InputError, match=r"x\.txt: not valid utf-8"):
        decode(GOOD.encode("cp949"), "x.txt", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode(b"abc", "x.txt", encoding="klingon")


def test_normalize_text() -> None:
    raw = "가\u00a0나\r\n다\u200b라\r마\x00\ufeff" + "\u1100\u1161"  # ᄀ + ᅡ (conjoining jamo)
    assert normalize_text(raw) == "가 나\n다라\n마가"


def test_symlink_loop_is_cut(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    corpus = load_corpus([tmp_path])
    assert len(corpus.articles) == 1
    assert corpus.skipped == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    assert skipped(locked) == [f"{locked}: permission denied (check the file's permissions)"]


def test_good_files_survive_bad_neighbours(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good"]
    assert [s.path for s in corpus.skipped] == [str(tmp_path / "bad.txt")]
