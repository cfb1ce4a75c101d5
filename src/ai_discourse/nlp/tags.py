"""Kiwi's part-of-speech tags (the Sejong tag set) grouped as the rules read them.

Each set is defined here once and named for what it holds; the rules import it. Two sets
that look alike but differ keep their own names, and say why they differ. The words the
rules read (speech verbs, roles, organisation endings …) are not grammar: they live in
data/ (see ai_discourse.resources).
"""

from __future__ import annotations

NOUNS = frozenset({"NNG", "NNP"})
"""Common and proper nouns."""

PROPER = frozenset({"NNP", "SL"})
"""What a name stands in on its own: a proper noun, or a Latin word (KBS, Arm, OpenAI)."""

TERM_TAGS = NOUNS | {"SL"}
"""Content terms: common and proper nouns and Latin words (AI, LLM). Compound terms are runs
of them (`소버린 AI`), and so are names written with spaces (`일론 머스크`)."""

NOMINAL = frozenset({"NNG", "NNP", "NNB", "NR", "NP", "SL", "SN", "SH", "XSN", "XPN"})
"""Whatever stands in a noun phrase: nouns, bound nouns (NNB), numerals (NR), pronouns (NP),
Latin words, digits, Hanja and noun affixes. A quote's speaker phrase runs over them, and in
a concordance a term glued to one of them is part of a longer word."""

NAME_PARTS = frozenset({"NNP", "NNG", "SL", "SN", "XSN", "XPN"})
"""What a name or a title glued together is made of (삼성전자서비스, AI연구센터장): NOMINAL
without bound nouns, numerals and pronouns, which follow a name rather than belong to it
(`김 씨`, `세 명`, `그`), and without Hanja, which stands beside a name for a country
(`美 국무부`) rather than inside one."""

NAME_STARTS = NAME_PARTS - {"SN", "XSN"}
"""Where a name may begin: not with a digit or a noun suffix (들, 측), which only go on one."""

MERGEABLE = NAME_PARTS | {"SH"}
"""What a user-dictionary phrase may be made of when its tokens are joined into one
(`하이퍼 클로바 X`): NAME_PARTS and Hanja too, since a phrase is joined as the user spelt it."""

PREDICATE_SUFFIXES = frozenset({"XSV", "XSA"})
"""Kiwi's verb- and adjective-deriving suffixes: 발생+하다, 사용+되다, 발전+시키다, 필요+하다."""

VERBAL = frozenset({"VV", "NNG"})
"""How a word of saying or asking is written: as a verb (밝히, 묻) or as the noun of
`하다` (언급, 질문)."""

SUBJECT_PARTICLES = frozenset({"JKS", "JX"})
"""The particles that mark a subject: nominative 이/가 and the topic's 은/는/도."""

BRACKETS = frozenset({"SSO", "SSC"})
"""Opening and closing brackets and quote marks."""

USER_WORD_TAGS = frozenset(
    (
        *("NNG", "NNP", "NNB", "NR", "NP", "VV", "VA", "VX", "VCP", "VCN", "MM", "MAG", "MAJ"),
        *("IC", "JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC", "EP", "EF", "EC"),
        *("ETN", "ETM", "XPN", "XSN", "XSV", "XSA", "XSM", "XR", "SL", "SH", "SN"),
    )
)
"""The tags a user dictionary may give a word (the ones Kiwi accepts from one)."""
