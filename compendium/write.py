"""Corpus Markdown from paragraphs: the inverse of ``compendium.load.parse_body``.

``parse_body(body_markdown(paragraphs))`` gives back the same paragraphs (kind,
anchor, number, Markdown, section, level), which the property tests check on
generated bodies. Blocks whose kind the start of the line would not tell carry
their attribute list (``{.formula}``, ``{.text}`` ...), as docs/corpus-format.md
says.
"""

from __future__ import annotations

from compendium.model import Kind, Paragraph

_ATTRIBUTE = {
    Kind.FORMULA: "{.formula}",
    Kind.CLOSING: "{.closing}",
    Kind.RESIDUAL: "{.residual}",
    Kind.TEXT: "{.text}",
}


def _joined(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def block_markdown(para: Paragraph) -> str:
    """One paragraph as a corpus block (without the blank line that separates blocks)."""
    if para.kind in _ATTRIBUTE:
        # An unnumbered block says what it is, so that its text may start like anything.
        return f"{para.markdown}\n{_ATTRIBUTE[para.kind]}" if para.markdown else _ATTRIBUTE[para.kind]
    if para.kind == Kind.EMBEDDED:
        attr = f'{{.embedded ref="{para.ref or ""}"}}'
        return f"{para.markdown}\n{attr}" if para.markdown else attr
    if para.kind == Kind.HEADING:
        return _joined("#" * (para.heading_level or 4), para.number, para.markdown)
    if para.kind == Kind.SUBPARAGRAPH:
        return "    " * max(para.level - 1, 0) + _joined(para.number, para.markdown)
    if para.kind in (Kind.OPERATIVE, Kind.REPORT):
        return _joined(para.number, para.markdown)
    return para.markdown  # preambular: plain text is preamble where it stands


def body_markdown(paragraphs: list[Paragraph]) -> str:
    """A document body in corpus Markdown: one block per paragraph, blocks separated by a blank line."""
    return "\n\n".join(block_markdown(p) for p in paragraphs) + "\n"
