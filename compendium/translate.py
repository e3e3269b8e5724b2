"""Translations into any language, and what a translator must redo when the source changes.

A translation file ``translations/<lang>/<source-id>.yaml`` holds, for every
paragraph (and footnote) of a source expression, its anchor, the source text
the translation was made from, the fingerprint of that text (sha256 of its
normalised plain text) and the translation. When the source paragraph in the
corpus no longer has that fingerprint, the translation is **stale**, and the
stored source text shows what changed.

Official language versions (corpus expressions in fr, es, ru, ar, zh ... with
the same anchors as the English text) count as translations too: their
paragraphs are matched by anchor.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compendium.align import label
from compendium.files import write_atomic
from compendium.diff import Op, mark_html, terminal_ops, word_diff
from compendium.model import Corpus, Document, Kind, document_url, plain_text
from compendium.problems import Problem, error, warning

FINGERPRINT_PREFIX = "sha256:"


def normalise(text: str) -> str:
    """The text a fingerprint is taken of: plain text (no markup, no footnote refs), NFC, spaces folded."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", plain_text(text))).strip()


def fingerprint(markdown: str) -> str:
    """``sha256:<hex>`` of the normalised text of a paragraph's Markdown."""
    return FINGERPRINT_PREFIX + hashlib.sha256(normalise(markdown).encode("utf-8")).hexdigest()


def source_units(doc: Document) -> list[tuple[str, str]]:
    """``(anchor, markdown)`` of every unit to translate: each block but embedded ones, then the footnotes."""
    out = [(p.anchor, p.markdown) for p in doc.paragraphs if p.kind != Kind.EMBEDDED]
    out += [(fn.anchor, fn.text) for fn in doc.footnotes.values() if fn.text]
    return out


@dataclass
class Unit:
    """One paragraph of a translation."""

    anchor: str
    source: str
    """The source Markdown the translation was made from (at ``init``: the source as it was then)."""
    fingerprint: str
    """Fingerprint of ``source``."""
    translation: str = ""
    """The translated Markdown; empty while not translated."""
    line: int = 0


@dataclass
class TranslationFile:
    """A translation of one source expression into one language."""

    language: str
    source: str
    """Expression id of the source (``E-RES-2004-28.adopted.en``)."""
    work: str
    units: list[Unit] = field(default_factory=list)
    path: Path | None = None

    def unit(self, anchor: str) -> Unit | None:
        """The unit with this anchor, or None."""
        return next((u for u in self.units if u.anchor == anchor), None)


def translations_root(corpus: Corpus) -> Path:
    """The folder of translation files: ``translations/`` beside the corpus folder."""
    return Path(corpus.root).parent / "translations"


def translation_path(root: Path, language: str, source: Document) -> Path:
    """``<root>/<lang>/<source id>.yaml``."""
    return Path(root) / language / f"{source.id}.yaml"


def new_translation(source: Document, language: str) -> TranslationFile:
    """An empty translation of ``source``: every unit with its source text and fingerprint."""
    return TranslationFile(
        language, source.id, source.work,
        [Unit(anchor, md, fingerprint(md)) for anchor, md in source_units(source)],
    )


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (one line, every character kept)."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n").removesuffix("\n...")


def format_translation(tf: TranslationFile) -> str:
    """The YAML text of a translation file (stable: the same file always gives the same text)."""
    lines = [
        f"# Translation of {tf.work} ({tf.source}) into {tf.language}.",
        "# Fill in `translation`; leave anchor, source and fingerprint as they are:",
        "# they record which source text you translated, so changes to it are found.",
        f"language: {_quote(tf.language)}",
        f"source: {_quote(tf.source)}",
        f"work: {_quote(tf.work)}",
        "units:",
    ]
    for u in tf.units:
        lines += [
            f"- anchor: {_quote(u.anchor)}",
            f"  fingerprint: {_quote(u.fingerprint)}",
            f"  source: {_quote(u.source)}",
            f"  translation: {_quote(u.translation)}",
        ]
    return "\n".join(lines) + "\n"


def read_translation(path: Path) -> tuple[TranslationFile | None, list[Problem]]:
    """Read a translation file; problems name the file and line."""
    path = Path(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [error(path, mark.line + 1 if mark else 1, f"not valid YAML: {exc}", "translation-format")]
    if not isinstance(root, yaml.MappingNode):
        return None, [error(path, 1, "a translation file is a mapping with language, source, work and units",
                            "translation-format")]
    top = {k.value: v for k, v in root.value}
    problems: list[Problem] = []
    head = {}
    for key in ("language", "source", "work"):
        node = top.get(key)
        if not isinstance(node, yaml.ScalarNode) or not node.value:
            problems.append(error(path, 1, f"`{key}` is missing", "translation-format"))
        else:
            head[key] = node.value
    units_node = top.get("units")
    if not isinstance(units_node, yaml.SequenceNode):
        problems.append(error(path, 1, "`units` must be a list", "translation-format"))
    if problems:
        return None, problems
    tf = TranslationFile(head["language"], head["source"], head["work"], path=path)
    seen: dict[str, int] = {}
    for item in units_node.value:
        line = item.start_mark.line + 1
        fields = {k.value: v for k, v in item.value} if isinstance(item, yaml.MappingNode) else {}
        values = {k: v.value for k, v in fields.items() if isinstance(v, yaml.ScalarNode)}
        missing = [k for k in ("anchor", "fingerprint", "source") if not values.get(k)]
        if missing:
            problems.append(error(path, line, f"unit lacks {', '.join(missing)}", "translation-format"))
            continue
        if values["anchor"] in seen:
            problems.append(error(path, line, f"`{values['anchor']}` appears twice (first on line "
                                  f"{seen[values['anchor']]})", "translation-twice"))
            continue
        seen[values["anchor"]] = line
        tf.units.append(Unit(values["anchor"], values["source"], values["fingerprint"],
                             values.get("translation") or "", line))
    return tf, problems


def write_translation(tf: TranslationFile, path: Path, force: bool = False) -> None:
    """Write a translation file atomically; refuse to replace an existing file unless ``force``."""
    if Path(path).exists() and not force:
        raise FileExistsError(f"{path} exists; use --force to overwrite it")
    write_atomic(Path(path), format_translation(tf))
    tf.path = Path(path)


def update_translation(tf: TranslationFile, source: Document, confirm: list[str]) -> tuple[list[str], list[str]]:
    """Bring a translation file up to the source as it is now.

    Adds an empty unit for each source paragraph the file lacks (in source
    order), and for each anchor in ``confirm`` records the current source text
    and fingerprint: the translator says the translation fits the new source,
    so the paragraph is no longer stale. Returns ``(added, confirmed)``;
    raises ValueError naming anchors that are not paragraphs of the source.
    """
    now = source_units(source)
    known = dict(now)
    unknown = [a for a in confirm if a not in known]
    if unknown:
        raise ValueError(f"{source.id} has no paragraph {', '.join(unknown)}")
    added: list[str] = []
    units: list[Unit] = []
    for anchor, md in now:
        u = tf.unit(anchor)
        if u is None:
            u = Unit(anchor, md, fingerprint(md))
            added.append(anchor)
        units.append(u)
    units += [u for u in tf.units if u.anchor not in known]  # orphans stay, at the end, for the translator to reuse
    tf.units = units
    for anchor in confirm:
        u = tf.unit(anchor)
        u.source, u.fingerprint = known[anchor], fingerprint(known[anchor])
    return added, list(confirm)


# ---------------------------------------------------------------------------
# status


@dataclass
class UnitStatus:
    """The state of one source paragraph in one translation."""

    anchor: str
    state: str
    """``translated``, ``missing``, ``stale`` (source changed since) or ``orphan`` (no longer in the source)."""
    change: list[Op] = field(default_factory=list)
    """For stale units: the word diff from the source translated to the source now."""


@dataclass
class DocStatus:
    """The state of one translation of one source expression."""

    language: str
    source: Document
    origin: str
    """The translation file, or the id of the official language expression."""
    units: list[UnitStatus]

    def of(self, state: str) -> list[UnitStatus]:
        """Units in this state."""
        return [u for u in self.units if u.state == state]


def status_of_file(tf: TranslationFile, source: Document) -> DocStatus:
    """Compare a translation file with the source as it is now."""
    now = dict(source_units(source))
    units: list[UnitStatus] = []
    for anchor, md in now.items():
        u = tf.unit(anchor)
        if u is None or not u.translation.strip():
            units.append(UnitStatus(anchor, "missing"))
        elif u.fingerprint != fingerprint(md):
            units.append(UnitStatus(anchor, "stale", word_diff(normalise(u.source), normalise(md))))
        else:
            units.append(UnitStatus(anchor, "translated"))
    units += [UnitStatus(u.anchor, "orphan") for u in tf.units if u.anchor not in now and u.translation.strip()]
    return DocStatus(tf.language, source, str(tf.path or tf.source), units)


def status_of_expression(translation: Document, source: Document) -> DocStatus:
    """Compare an official language expression with its source, paragraph by anchor."""
    theirs = dict(source_units(translation))
    now = dict(source_units(source))
    units = [UnitStatus(a, "translated" if theirs.get(a, "").strip() else "missing") for a in now]
    units += [UnitStatus(a, "orphan") for a in theirs if a not in now]
    return DocStatus(translation.language, source, translation.id, units)


def official_translations(corpus: Corpus) -> list[tuple[Document, Document]]:
    """``(translation, source)`` for every non-English expression whose work has an English one of that version."""
    out = []
    for docs in corpus.works().values():
        english = {d.version: d for d in docs if d.language == "en"}
        out += [(d, english[d.version]) for d in docs if d.language != "en" and d.version in english]
    return out


def translation_files(root: Path, language: str | None = None) -> list[Path]:
    """Every translation file below ``root`` (for one language, or all), sorted."""
    pattern = f"{language}/*.yaml" if language else "*/*.yaml"
    return sorted(Path(root).glob(pattern))


def status(corpus: Corpus, root: Path | None = None, language: str | None = None) -> tuple[list[DocStatus], list[Problem]]:
    """The state of every translation (files and official expressions), optionally of one language."""
    root = translations_root(corpus) if root is None else Path(root)
    by_id = corpus.by_id()
    out: list[DocStatus] = []
    problems: list[Problem] = []
    for path in translation_files(root, language):
        tf, found = read_translation(path)
        problems += found
        if tf is None:
            continue
        source = by_id.get(tf.source)
        if source is None:
            problems.append(error(path, 1, f"source {tf.source} is not in the corpus", "translation-source"))
            continue
        out.append(status_of_file(tf, source))
    for translation, source in official_translations(corpus):
        if language in (None, translation.language):
            out.append(status_of_expression(translation, source))
    return out, problems


def format_status(statuses: list[DocStatus]) -> str:
    """``translate status`` output: per document the counts, then the stale paragraphs with their source change."""
    lines: list[str] = []
    for s in sorted(statuses, key=lambda s: (s.language, s.source.id)):
        counts = ", ".join(f"{len(s.of(k))} {k}" for k in ("translated", "missing", "stale", "orphan") if s.of(k) or k != "orphan")
        lines.append(f"{s.language}  {s.source.id}  ({s.origin}): {counts}")
        for u in s.of("stale"):
            lines.append(f"  stale {u.anchor} ({label(s.source, u.anchor)}): source changed since translated:")
            lines.append("    " + terminal_ops(u.change))
        if s.of("missing"):
            lines.append("  missing: " + ", ".join(u.anchor for u in s.of("missing")))
        if s.of("orphan"):
            lines.append("  orphan (no longer in the source): " + ", ".join(u.anchor for u in s.of("orphan")))
    return "\n".join(lines) + ("\n" if lines else "no translations\n")


# ---------------------------------------------------------------------------
# side by side


def _inline(markdown: str) -> str:
    """Minimal inline rendering for the side-by-side view: escaped text, *italics*, footnote markers."""
    out = html.escape(markdown, quote=False)
    out = re.sub(r"\[\^([^\]]+)\]", r'<sup class="fnref">\1</sup>', out)
    out = re.sub(r"(?<![\\*])\*\*(?!\s)(.+?)(?<!\s)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![\\*])\*(?!\s)(.+?)(?<![\s\\])\*", r"<em>\1</em>", out)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", out)


def translation_url(source: Document, language: str) -> str:
    """URL (relative to the site root) of the side-by-side page: ``resolutions/E-RES-2004-28/side-by-side/de/``."""
    return document_url(source.work, source.version.value, source.language) + f"side-by-side/{language}/"


def translation_html(source: Document, translation: TranslationFile | Document, page_url: str | None = None) -> str:
    """The translation beside its source as an HTML fragment (no blank lines, safe inside Markdown).

    Stale paragraphs carry a visible "Out of date" mark (text, not colour alone)
    and the word diff of the source change since translation; missing ones say so.
    """
    if isinstance(translation, Document):
        st = status_of_expression(translation, source)
        theirs = dict(source_units(translation))
        language = translation.language
    else:
        st = status_of_file(translation, source)
        theirs = {u.anchor: u.translation for u in translation.units}
        language = translation.language
    states = {u.anchor: u for u in st.units}
    now = dict(source_units(source))
    rows = []
    for anchor, md in now.items():
        u = states[anchor]
        number = html.escape(label(source, anchor) if not anchor.startswith("fn-") else f"footnote {anchor[3:]}")
        if page_url is not None:
            href = posixpath.relpath(source.url, page_url.rstrip("/")) + "/#" + anchor
            number = f'<a href="{html.escape(href)}">{number}</a>'
        if u.state == "missing":
            right = '<span class="tr-untranslated">(not yet translated)</span>'
        else:
            right = f'<span lang="{html.escape(language)}">{_inline(theirs[anchor])}</span>'
        mark = ""
        if u.state == "stale":
            change = "".join(
                (" " if o.kind == "insert" and i and u.change[i - 1].kind == "delete" and not o.text[:1].isspace() else "")
                + mark_html(o.kind, o.text)
                for i, o in enumerate(u.change)
            )
            mark = (
                '<p class="tr-stale-mark"><strong>⚠ Out of date:</strong> the source changed after this '
                f'paragraph was translated. Change to the source: <span class="tr-change">{change}</span></p>'
            )
        rows.append(
            f'<tr id="tr-{html.escape(anchor)}" class="tr-{u.state}"><th scope="row">{number}'
            f'<br><span class="tr-state">{u.state}</span></th>'
            f'<td lang="{html.escape(source.language)}">{_inline(md)}</td><td>{mark}{right}</td></tr>'
        )
    counts = ", ".join(f"{len(st.of(k))} {k}" for k in ("translated", "stale", "missing"))
    return (
        '<div class="compendium-translation">'
        "<style>.tr-table{width:100%;border-collapse:collapse;table-layout:fixed}"
        ".tr-table th,.tr-table td{vertical-align:top;border-top:1px solid rgba(128,128,128,.4);padding:.4em .6em;text-align:left}"
        ".tr-stale td:last-child{border-left:4px solid #b35900}.tr-stale-mark{margin:0 0 .4em}"
        ".tr-table del{text-decoration:line-through}.tr-table ins{text-decoration:underline}"
        ".tr-untranslated{font-style:italic}"
        ".visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
        "</style>"
        f'<p class="tr-summary">Translation into <strong>{html.escape(language)}</strong> of {html.escape(source.id)} '
        f"({html.escape(st.origin)}): {counts}.</p>"
        f'<table class="tr-table"><caption>{html.escape(source.symbol)}: source ({html.escape(source.language)}) '
        f"and translation ({html.escape(language)})</caption>"
        '<colgroup><col style="width:12%"><col><col></colgroup>'
        f'<thead><tr><th scope="col">Paragraph</th><th scope="col">Source ({html.escape(source.language)})</th>'
        f'<th scope="col">Translation ({html.escape(language)})</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def unit_problems(tf: TranslationFile, source: Document) -> list[Problem]:
    """Errors for translated units whose anchor the source does not have: no page would show their text."""
    anchors = {anchor for anchor, _ in source_units(source)}
    return [
        error(tf.path or source.path, u.line, f"translation unit '{u.anchor}': {source.id} has no paragraph with this "
              "anchor, so its translation is shown nowhere; move it to the right anchor or remove the unit",
              "translation-anchor")
        for u in tf.units
        if u.anchor not in anchors and u.translation.strip()
    ]


def check_translations(corpus: Corpus, root: Path | None = None) -> list[Problem]:
    """Every problem of the translation files (``translations/`` beside the corpus folder unless ``root``)."""
    root = translations_root(corpus) if root is None else Path(root)
    by_id = corpus.by_id()
    problems: list[Problem] = []
    for path in translation_files(root):
        tf, found = read_translation(path)
        problems += found
        if tf is None:
            continue
        if tf.source not in by_id:
            problems.append(error(path, 1, f"source {tf.source} is not in the corpus", "translation-source"))
            continue
        problems += unit_problems(tf, by_id[tf.source])
    return problems


def translation_pages(state, root: Path | None = None, problems: list[Problem] | None = None) -> list[tuple[str, str]]:
    """Every side-by-side page as ``(path, markdown)``: front matter, heading and the body HTML (``translation_parts``)."""
    return [
        (path, f"---\ntitle: {json.dumps(title)}\n---\n\n# {html.escape(title)}\n\n{body}\n")
        for path, title, body in translation_parts(state, root, problems)
    ]


def translation_parts(state, root: Path | None = None, problems: list[Problem] | None = None) -> list[tuple[str, str, str]]:
    """Every side-by-side page as ``(path, title, body HTML)``: translation files and official language versions.

    ``state`` is the pipeline's State (with ``.corpus``) or a Corpus; ``root`` the
    translations folder (default: ``translations/`` beside the corpus folder).
    """
    corpus: Corpus = getattr(state, "corpus", state)
    root = translations_root(corpus) if root is None else Path(root)
    by_id = corpus.by_id()
    pairs: list[tuple[Document, TranslationFile | Document]] = []
    for path in translation_files(root):
        tf, found = read_translation(path)
        if problems is not None:
            problems.extend(found)
        if tf is not None and tf.source in by_id:
            pairs.append((by_id[tf.source], tf))
            if problems is not None:
                problems.extend(unit_problems(tf, by_id[tf.source]))
        elif tf is not None and problems is not None:
            problems.append(error(path, 1, f"source {tf.source} is not in the corpus", "translation-source"))
    pairs += [(source, translation) for translation, source in official_translations(corpus)]
    pages = []
    seen: set[str] = set()
    for source, translation in pairs:
        url = translation_url(source, translation.language)
        if url in seen:
            # a translation file for a language the corpus also holds officially: the file's page wins
            if problems is not None:
                problems.append(warning(getattr(translation, "path", ""), 1, f"{source.id} has both a translation "
                                      f"file and an official expression in {translation.language}; the official "
                                      "expression gets no side-by-side page: remove the file", "translation-duplicate"))
            continue
        seen.add(url)
        title = f"{source.symbol}: {translation.language} translation beside the {source.language} source"
        pages.append((url + "index.md", title, translation_html(source, translation, page_url=url)))
    return pages
