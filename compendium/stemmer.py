"""The Porter stemmer exactly as lunr.js 2.3.9 implements it, for index/query parity.

The ``lunr`` Python package ships a different Porter implementation (it stems
``lay`` to ``lai`` and leaves ``try`` alone, where lunr.js does the opposite).
The search index is built in Python and queried in the browser, so both sides
must stem identically: this is a line-for-line port of ``lunr.stemmer`` from
``compendium/static/search/vendor/lunr.min.js`` (MIT, Oliver Nightingale).
"""

from __future__ import annotations

import functools
import re

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous",
    "ization": "ize", "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive",
    "fulness": "ful", "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble",
    "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"

_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
_S_V = re.compile("^(" + _C + ")?" + _v)

_1A = re.compile(r"^(.+?)(ss|i)es$")
_1A2 = re.compile(r"^(.+?)([^s])s$")
_1B = re.compile(r"^(.+?)eed$")
_1B2 = re.compile(r"^(.+?)(ed|ing)$")
_LAST = re.compile(r".$")
_1B_AT = re.compile(r"(at|bl|iz)$")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_1B_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile(r"^(.+?)(" + "|".join(_STEP2) + ")$")
_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4B = re.compile(r"^(.+?)(s|t)(ion)$")
_5 = re.compile(r"^(.+?)e$")
_5_LL = re.compile(r"ll$")
_5_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")


@functools.lru_cache(maxsize=1 << 17)  # a corpus has far fewer distinct words than tokens
def stem(w: str) -> str:
    """Stem one lower-cased word the way ``lunr.stemmer`` (lunr.js 2.3.9) does."""
    if len(w) < 3:
        return w
    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]

    # Step 1a
    if _1A.search(w):
        w = _1A.sub(r"\1\2", w, count=1)
    elif _1A2.search(w):
        w = _1A2.sub(r"\1\2", w, count=1)

    # Step 1b
    m = _1B.search(w)
    if m:
        if _MGR0.search(m.group(1)):
            w = _LAST.sub("", w, count=1)
    else:
        m = _1B2.search(w)
        if m:
            st = m.group(1)
            if _S_V.search(st):
                w = st
                if _1B_AT.search(w):
                    w = w + "e"
                elif _1B_DOUBLE.search(w):
                    w = _LAST.sub("", w, count=1)
                elif _1B_CVC.search(w):
                    w = w + "e"

    # Step 1c
    m = _1C.search(w)
    if m:
        w = m.group(1) + "i"

    # Step 2
    m = _2.search(w)
    if m and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]

    # Step 3
    m = _3.search(w)
    if m and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]

    # Step 4
    m = _4.search(w)
    if m:
        if _MGR1.search(m.group(1)):
            w = m.group(1)
    else:
        m = _4B.search(w)
        if m:
            st = m.group(1) + m.group(2)
            if _MGR1.search(st):
                w = st

    # Step 5
    m = _5.search(w)
    if m:
        st = m.group(1)
        if _MGR1.search(st) or (_MEQ1.search(st) and not _5_CVC.search(st)):
            w = st
    if _5_LL.search(w) and _MGR1.search(w):
        w = _LAST.sub("", w, count=1)

    if firstch == "y":
        w = "y" + w[1:]
    return w
