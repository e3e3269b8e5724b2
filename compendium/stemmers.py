"""Stop words and stemmers for French, Spanish, Russian and Arabic, as lunr-languages has them.

The search index is built here in Python and queried in the browser with the
vendored lunr-languages 1.22.0 files (``compendium/static/search/vendor/lunr.<lang>.min.js``),
so both sides must stem every word alike:

- French, Spanish, Russian: lunr-languages ships Snowball-generated stemmers;
  the PyPI ``snowballstemmer`` 2.2.0 (the Snowball project's own Python output)
  gives the same stems on every word of the corpus (3.x changed French).
- Arabic: lunr-languages' stemmer is its own light stemmer (prefix/suffix
  stripping and pattern mapping), ported below step by step, quirks included
  (only the first alef variant and the first taa marbuta are replaced).

The stop word lists and the Arabic affix/pattern tables are read from the
vendored files themselves, so there is one copy of them.
``tests/data/stem_cases_<lang>.json`` holds real words and the stems lunr-languages
gives them in Chromium; tests check both sides against it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import snowballstemmer

VENDOR = Path(__file__).parent / "static" / "search" / "vendor"
LANGUAGES = ("fr", "es", "ru", "ar")
"""Languages stemmed besides English (compendium.stemmer)."""
_SNOWBALL = {"fr": "french", "es": "spanish", "ru": "russian"}


def _vendored(lang: str) -> str:
    return (VENDOR / f"lunr.{lang}.min.js").read_text(encoding="utf-8")


def _extract(pattern: str, text: str, what: str) -> str:
    m = re.search(pattern, text)
    if not m:
        raise RuntimeError(f"{VENDOR}: cannot find {what} in the vendored lunr-languages file")
    return m.group(1)


@lru_cache(maxsize=None)
def stop_words(lang: str) -> frozenset[str]:
    """The language's stop words (lunr.<lang>.stopWordFilter); empty for languages without."""
    if lang not in LANGUAGES:
        return frozenset()
    words = _extract(r'generateStopWordFilter\("([^"]*)"\.split\(" "\)\)', _vendored(lang), "the stop words")
    return frozenset(words.split(" "))


@lru_cache(maxsize=1 << 16)
def stem(word: str, lang: str) -> str:
    """The stem lunr.<lang>.stemmer gives a lower-cased word; the word itself for other languages."""
    if lang in _SNOWBALL:
        return _snowball(lang).stemWord(word)
    if lang == "ar":
        return _ArabicStemmer.instance().stem(word)
    return word


@lru_cache(maxsize=None)
def _snowball(lang: str):
    return snowballstemmer.stemmer(_SNOWBALL[lang])


class _ArabicStemmer:
    """lunr.ar.stemmer (lunr-languages 1.22.0), ported."""

    _instance: _ArabicStemmer | None = None

    @classmethod
    def instance(cls) -> _ArabicStemmer:
        if cls._instance is None:
            cls._instance = cls(_vendored("ar"))
        return cls._instance

    def __init__(self, js: str):
        self.stop = frozenset(_extract(r'removeStopWords=function\(\)\{if\("([^"]*)"', js, "the stemmer's stop words").split(" "))
        self.patterns = json.loads(_extract(r"JSON\.parse\('([^']*)'\)", js, "the Arabic patterns"))
        affix = {k: _extract(rf'{k}:"([^"]*)"', js, k).split(" ") for k in ("pre1", "pre2", "pre3", "pre4", "suf1", "suf2", "suf3", "suf4")}
        self.pre = {k: re.compile("^(" + "|".join(affix[f"pre{k}"]) + ")") for k in (1, 2, 3, 4)}
        self.suf = {k: re.compile("(" + "|".join(affix[f"suf{k}"]) + ")$") for k in (1, 2, 3, 4)}

    def stem(self, word: str) -> str:
        self.word = word
        self.result = False
        self.pre_removed = False
        self.suf_removed = False
        steps = [self._clean_word, self._remove_diacritics, self._clean_alef, self._remove_stop_words,
                 self._normalize_hamza_and_alef, self._remove_start_waw, self._remove_pre432,
                 self._remove_end_taa, self._word_check]
        for step in steps:
            self.result = step()
            if self.result:
                break
        return self.word

    def _clean_word(self) -> bool:
        self.word = self.word.replace("\u0640", "")
        return False  # lunr.ar tests an empty string for other characters: never stops here

    def _remove_diacritics(self) -> bool:
        self.word = re.sub("[\u064b-\u065b]", "", self.word)
        return False

    def _clean_alef(self) -> bool:
        self.word = re.sub("[\u0622\u0623\u0625\u0671\u0649]", "\u0627", self.word, count=1)
        return False

    def _remove_stop_words(self) -> bool:
        return self.word in self.stop

    def _normalize_hamza_and_alef(self) -> bool:
        self.word = self.word.replace("\u0624", "\u0621", 1).replace("\u0626", "\u0621", 1)
        self.word = re.sub("\u0627{2,}", "\u0627", self.word)
        return False

    def _remove_end_taa(self) -> bool:
        if len(self.word) > 2:
            self.word = re.sub("\u0627$", "", self.word, count=1)
            self.word = self.word.replace("\u0629", "", 1)
            return False
        return True

    def _remove_start_waw(self) -> bool:
        if len(self.word) > 3 and self.word[0] == "\u0648" and self.word[1] == "\u0648":
            self.word = self.word[1:]
        return False

    def _strip432(self, table: dict[int, re.Pattern], minimums: tuple[tuple[int, int], ...]) -> bool:
        """Strip the first affix of 4, then 3, then 2 letters a long enough word has; True if one went."""
        word = self.word
        for size, minimum in minimums:
            if self.word == word and len(self.word) >= minimum:
                self.word = table[size].sub("", self.word, count=1)
        return word != self.word

    def _remove_pre432(self) -> bool:
        if self._strip432(self.pre, ((4, 7), (3, 6), (2, 5))):
            self.pre_removed = True
        return False

    def _pattern_check(self, name: str) -> None:
        w = self.word
        for pattern in self.patterns[name]:
            if all(any(c.get("l") is not None and c["l"] < len(w) and w[c["l"]] == ch for ch in c["c"].split(","))
                   for c in pattern["pt"]):
                if "mPt" in pattern:
                    new: dict[int, str] = {}
                    for m in pattern["mPt"]:
                        if m.get("m") is not None:
                            new[m["l"]] = w[m["m"]] if m["m"] < len(w) else ""
                        else:
                            new[m["l"]] = m["c"]
                    self.word = "".join(new.get(i, "") for i in range(max(new) + 1)) if new else ""
                self.result = True
                break

    def _strip1(self, affix: re.Pattern) -> bool:
        """Strip a one-letter affix from a word of more than 3 letters; True if it went."""
        word = self.word
        if len(self.word) > 3:
            self.word = affix.sub("", self.word, count=1)
        return word != self.word

    def _remove_pre1(self) -> bool:
        if not self.pre_removed and self._strip1(self.pre[1]):
            self.pre_removed = True
        return False

    def _remove_suf1(self) -> bool:
        if not self.suf_removed and self._strip1(self.suf[1]):
            self.suf_removed = True
        return False

    def _remove_suf432(self) -> bool:
        if self._strip432(self.suf, ((4, 6), (3, 5), (2, 4))):
            self.suf_removed = True
        return False

    def _word_check(self) -> bool:
        def check(name: str):
            return lambda: self._pattern_check(name)

        steps7 = [self._remove_suf432, self._remove_suf1, self._remove_pre1]
        counter = 0
        pattern_checked = False
        while len(self.word) >= 7 and not self.result and counter < len(steps7):
            if len(self.word) == 7 and not pattern_checked:
                self._pattern_check("pt73")
                pattern_checked = True
            else:
                steps7[counter]()
                counter += 1
                pattern_checked = False
        for size, steps in (
            (6, [check("pt63"), self._remove_suf432, self._remove_suf1, self._remove_pre1, check("pt64")]),
            (5, [check("pt53"), self._remove_suf432, self._remove_suf1, self._remove_pre1, check("pt54")]),
            (4, [check("pt43"), self._remove_suf1, self._remove_pre1, self._remove_suf432]),
        ):
            counter = 0
            while len(self.word) == size and not self.result and counter < len(steps):
                steps[counter]()
                counter += 1
        return True
