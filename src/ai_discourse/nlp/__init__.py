"""Article -> Doc: sentences and morphemes from Kiwi, terms, entity mentions and quotes."""

from ai_discourse.nlp.kiwi import Lexicon, annotate, get_kiwi, load_canonical, load_stopwords

__all__ = ["Lexicon", "annotate", "get_kiwi", "load_canonical", "load_stopwords"]
