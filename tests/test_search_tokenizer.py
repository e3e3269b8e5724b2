"""The search tokenizer (Python side) on the shared table of cases.

The same table runs in Chromium against compendium/static/search/tokenizer.js
(tests/test_search_browser.py), so index and query tokenize alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compendium.search import citation_tokens, is_symbol_token, tokenize
from compendium.stemmer import stem

CASES = json.loads((Path(__file__).parent / "data" / "tokenizer_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["input"][:40] or "empty" for c in CASES])
def test_shared_cases(case):
    assert tokenize(case["input"], case["lang"]) == case["expected"]


def test_symbols_are_single_tokens():
    for symbol in ["2003/30", "E/RES/2003/30", "E/CN.15/2004/9/Add.1", "A/55/305-S/2000/809", "45/116"]:
        assert tokenize(f"see {symbol}, annex") == ["see", symbol.lower(), "annex"]
        assert is_symbol_token(symbol.lower())


def test_addendum_is_not_its_parent():
    assert tokenize("E/CN.15/2004/9/Add.1") != tokenize("E/CN.15/2004/9")


def test_commission_numbers_join_number_and_session():
    assert tokenize("resolutions 1 (XXXV), 4 (XXXV)") == ["resolut", "1(xxxv)", "4(xxxv)"]
    # lower-case letters in parentheses are sub-paragraphs, not sessions
    assert tokenize("paragraph 7 (c)") == ["paragraph", "7", "c"]


def test_stemming_follows_lunr_js_not_lunr_py():
    # lunr.py's own stemmer gives "lai" and "try"; lunr.js gives these
    assert stem("lay") == "lay"
    assert stem("try") == "tri"
    assert tokenize("Requests Recalling") == ["request", "recal"]


def test_prefix_terms_can_skip_stemming():
    assert tokenize("prisoners", stemming=False) == ["prisoners"]
    assert tokenize("prisoners") == ["prison"]


def test_citation_tokens_add_the_resolution_number():
    assert citation_tokens("E/RES/2003/30") == ["e/res/2003/30", "2003/30"]
    assert citation_tokens("A/RES/45/116") == ["a/res/45/116", "45/116"]
    assert citation_tokens("CND/RES/10(XXXVI)") == ["cnd/res/10(xxxvi)", "10(xxxvi)"]
    # a report symbol is not a resolution: no bare number that could match 2004/9
    assert citation_tokens("E/CN.15/2004/9/Add.1") == ["e/cn.15/2004/9/add.1"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="AEaeRS0129./()-IVX ,中\u00e9\u0434", max_size=40))
def test_the_fast_token_scan_matches_exactly_what_the_token_rules_match(text):
    """tokenize scans with possessive runs (search._TOKEN_TEXT): the same matches as the token rules."""
    from compendium.search import _TOKEN, _TOKEN_TEXT

    assert _TOKEN_TEXT.findall(text) == [m.group() for m in _TOKEN.finditer(text)]
