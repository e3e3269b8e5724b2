"""Property-based tests (hypothesis) of the plain-text importer and the body parser.

Properties:

- ``compendium.import_text.import_text`` raises nothing but ``CompendiumError``
  on any text, never refuses a text because it lost a word, and every word of
  its input reaches its output (as many times, and the running text in order);
- ``compendium.load.parse_body`` never raises, and parse -> write
  (``compendium.write.body_markdown``) -> parse gives the same paragraphs.

Example counts are modest here (profile ``props``); ``scripts/fuzz_import.py
--minutes 10`` runs the same checks for as long as asked (profile ``fuzz``).
"""

from __future__ import annotations

import collections
import os
import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compendium.import_text import import_text
from compendium.load import parse_body
from compendium.problems import CompendiumError
from compendium.write import body_markdown

# Profiles of these tests only (the global hypothesis profile is left alone): "props" in the normal test
# run, "fuzz" for long runs (COMPENDIUM_HYPOTHESIS=fuzz, or scripts/fuzz_import.py, which runs batches of it).
settings.register_profile("props", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
PROFILE = settings.get_profile(os.environ.get("COMPENDIUM_HYPOTHESIS", "props"))

# ----------------------------------------------------------------------------- strategies

# Real wording (E/RES/1997/32) so that generated texts look like what editors import.
WORDS = (
    "the importance of United Nations standards norms and guidelines in crime prevention criminal justice "
    "Governments Member States Secretariat Commission resolution session technical cooperation information "
    "questionnaires replies survey instruments Tokyo Rules Prosecutors Lawyers Judiciary Victims Abuse Power "
    "Standard Minimum Rules Treatment Prisoners 1996/16 1993/34 46/152 July December seventh"
).split()
VERBS = ["*Invites*", "*Recommends*", "*Requests*", "*Calls upon*", "*Reaffirming*", "*Recalling also*",
         "*Bearing in mind*", "Decides", "*Notes with appreciation*"]
ORGANS = ["The Economic and Social Council,", "*The General Assembly,*", "The Economic and Social Council,"]

# Anything a careless extract may hold, except markup the importer reads as markup and not words
# (``<sup>`` tags, superscript digits) and a hyphen at a line end (hyphenation is joined).
NOISE_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="<>¹²³⁴⁵⁶⁷⁸⁹⁰-\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"
)
noise_word = st.text(NOISE_CHARS, min_size=1, max_size=12).filter(lambda w: w.strip() == w and w)
word = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), noise_word)
sentence = st.lists(word, min_size=1, max_size=14).map(" ".join)


@st.composite
def paragraph_line(draw) -> str:
    kind = draw(st.sampled_from(["pre", "op", "sub", "subnum", "plain", "heading", "noise"]))
    text = draw(sentence)
    if kind == "pre":
        return f"{draw(st.sampled_from(VERBS))} {text},"
    if kind == "op":
        return f"{draw(st.integers(1, 30))}. {draw(st.sampled_from(VERBS))} {text};"
    if kind == "sub":
        return f"({draw(st.sampled_from('abcdefghij'))}) {text};"
    if kind == "subnum":
        return f"({draw(st.sampled_from(['i', 'ii', 'iii', 'iv', 'v']))}) {text};"
    if kind == "heading":
        return f"{draw(st.sampled_from(['I', 'II', 'III', 'A', 'B']))}. {text}"
    return text


@st.composite
def resolution_text(draw) -> str:
    """A resolution as extracted (the shape of ../shared/seeds): heading, formula, paragraphs, closing."""
    lines = []
    if draw(st.booleans()):
        lines.append(f"**{draw(st.integers(1990, 2024))}/{draw(st.integers(1, 60))}. {draw(sentence)}**")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(ORGANS)))
    lines += draw(st.lists(paragraph_line(), min_size=0, max_size=12))
    if draw(st.booleans()):
        lines.append(f"*{draw(st.integers(1, 60))}th plenary meeting*")
        lines.append(f"*{draw(st.integers(1, 28))} July {draw(st.integers(1990, 2024))}*")
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"]))
    return separator.join(lines)


any_text = st.one_of(resolution_text(), st.text(max_size=400))


@st.composite
def corpus_body(draw) -> str:
    """A corpus body: formula, preamble, numbered paragraphs, sub-paragraphs, headings, closing."""
    blocks = []
    if draw(st.booleans()):
        blocks.append(f"{draw(st.sampled_from(ORGANS))}\n{{.formula}}")
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["pre", "op", "sub", "roman", "sec", "annex", "cross", "text", "residual", "junk"]))
        text = draw(sentence)
        if kind == "pre":
            blocks.append(f"{draw(st.sampled_from(VERBS))} {text},")
        elif kind == "op":
            blocks.append(f"{draw(st.integers(1, 12))}. {text}")
        elif kind == "sub":
            blocks.append(f"    ({draw(st.sampled_from('abcdefghijz'))}) {text}")
        elif kind == "roman":
            blocks.append(f"        ({draw(st.sampled_from(['i', 'ii', 'iii', 'iv', 'ix', 'x']))}) {text}")
        elif kind == "sec":
            blocks.append(f"{draw(st.sampled_from(['##', '###']))} {draw(st.sampled_from(['I', 'II', 'A', 'B', '3']))}. {text}")
        elif kind == "annex":
            blocks.append(f"# Annex {draw(st.sampled_from(['', 'I', 'II']))}".rstrip())
        elif kind == "cross":
            blocks.append(f"{draw(st.sampled_from(['####', '#####']))} {text}")
        elif kind == "text":
            blocks.append(f"{text}\n{{.text}}")
        elif kind == "residual":
            blocks.append(f"{text}\n{{.residual}}")
        else:
            blocks.append(draw(st.text(max_size=60)))
    if draw(st.booleans()):
        blocks.append("*36th plenary meeting*\n*21 July 1997*\n{.closing}")
    return "\n\n".join(blocks)


# ----------------------------------------------------------------------------- checks (the fuzzer runs these too)


def words(text: str) -> list[str]:
    """Words as the nothing-lost rule counts them: NFKC, case-folded, hyphens count as nothing."""
    text = unicodedata.normalize("NFKC", text).replace("-", "")
    return [w.casefold() for w in re.findall(r"\w+", text)]


def _subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(w in it for w in needle)


def check_import(text: str) -> None:
    """The importer's contract on one text (an AssertionError says what broke)."""
    try:
        files = import_text(text, source_file="fuzz.txt")
    except CompendiumError as exc:
        codes = {p.code for p in exc.problems}
        assert "lost" not in codes, f"importer lost words: {exc}"
        assert exc.problems and all(p.message for p in exc.problems)
        return
    out_all: list[str] = []
    for f in files:
        out_all += words(f.body) + words(" ".join(str(v) for v in f.front.values()))
    missing = collections.Counter(words(text)) - collections.Counter(out_all)
    assert not missing, f"words of the input missing from the output: {sorted(missing)}"
    # The running text in order: the output as a reader meets it is each file's front matter
    # (which keeps the printed heading: number, title) followed by its body.
    in_order = [w for f in files for w in words(" ".join(str(v) for v in f.front.values()))
                + words(re.sub(r"\[\^([^\]]+)\]", r" \1 ", f.body))]
    assert _subsequence(words(text), in_order), "the input's words are not in the output in order"


def _shape(paragraphs) -> list[tuple]:
    return [(p.kind, p.anchor, p.number, p.markdown, p.section, p.level, p.parent, p.ref) for p in paragraphs]


def check_roundtrip(body: str, doctype: str = "resolution") -> None:
    """parse -> write -> parse is stable, and writing again gives the same text."""
    first, _ = parse_body(body, 1, doctype)
    written = body_markdown(first)
    second, _ = parse_body(written, 1, doctype)
    assert _shape(second) == _shape(first), written
    assert body_markdown(second) == written


# ----------------------------------------------------------------------------- tests


@PROFILE
@given(any_text)
# Found by scripts/fuzz_import.py: a star between two words of a section heading joined them ("0*0" -> "00").
@example("**1990/1. the**\n\nThe Economic and Social Council,\n\n*Invites* the,\n\nI. 0*0")
def test_importer_raises_only_its_error_and_loses_nothing(text: str) -> None:
    check_import(text)


@PROFILE
@given(corpus_body(), st.sampled_from(["resolution", "report"]))
def test_parse_write_parse_is_stable(body: str, doctype: str) -> None:
    check_roundtrip(body, doctype)


@PROFILE
@given(st.text(max_size=300))
def test_parse_body_never_raises_on_any_text(body: str) -> None:
    paragraphs, problems = parse_body(body, 5, "resolution")
    assert all(p.line >= 5 for p in paragraphs)
    assert all(p.line >= 5 for p in problems)


def test_write_of_a_real_body_round_trips() -> None:
    """The real body of E/RES/1997/32 (as committed) survives parse -> write -> parse."""
    from pathlib import Path

    from compendium.load import split_front_matter

    path = Path(__file__).resolve().parents[1] / "resolutions/ecosoc/1997/E-RES-1997-32.adopted.en.md"
    fm = split_front_matter(path.read_text(encoding="utf-8"), path)
    check_roundtrip(fm.body)
    paragraphs, _ = parse_body(fm.body, 1, "resolution")
    assert [p.anchor for p in paragraphs][:3] == ["formula", "pp-1", "pp-2"]
