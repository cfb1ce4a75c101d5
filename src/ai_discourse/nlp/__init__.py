"""Article -> Doc: sentences and morphemes from Kiwi, content terms for the analyses."""

from .kiwi import annotate, get_kiwi, load_canonical, load_stopwords

__all__ = ["annotate", "get_kiwi", "load_canonical", "load_stopwords"]
