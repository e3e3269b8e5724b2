"""XLIFF 2.0 export and import of translation files, for translators' usual tools.

One ``<file>`` per source expression, one ``<unit>`` per paragraph (its id is
the paragraph anchor), one ``<segment>`` holding the current source text and
the translation. Italics and footnote references become inline codes
(``<pc>``/``<ph>`` pointing into ``<originalData>``), so tools protect them and
the Markdown comes back exactly. The fingerprint of the source text travels in
the Metadata module (``mda:meta type="fingerprint"``); the import refuses a
file whose source texts do not match their fingerprints, whose unit ids are
not paragraphs of the source, or that was made for another source or
language, and names every unit at fault. Nothing is written then.

A stale unit (the source changed since it was translated) is exported with
the new source, the old translation, ``state="initial"`` and
``subState="compendium:stale"``, and the source it was translated from in
metadata; if it comes back still ``initial`` it stays stale, once the
translator marks it translated it records the new source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from compendium.align import label
from compendium.files import write_atomic
from compendium.model import Document
from compendium.problems import CompendiumError, Problem, error
from compendium.translate import TranslationFile, Unit, fingerprint, new_translation, source_units

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
_X = "{%s}" % XLIFF_NS
_M = "{%s}" % MDA_NS
NSMAP = {None: XLIFF_NS, "mda": MDA_NS}
STALE = "compendium:stale"

_INLINE = re.compile(r"\[\^[^\]\s]+\]|(?<![\\*])(\*\*?)(?!\s)(.+?)(?<![\s\\])\1(?!\*)")


# ---------------------------------------------------------------------------
# inline codes: Markdown <-> XLIFF content


@dataclass
class _Codes:
    """The ``<originalData>`` of a unit: data id -> the Markdown it stands for."""

    data: dict[str, str]

    def ref(self, text: str) -> str:
        for key, value in self.data.items():
            if value == text:
                return key
        key = f"d{len(self.data) + 1}"
        self.data[key] = text
        return key


def _fill(parent: etree._Element, markdown: str, codes: _Codes, counter: list[int],
          ids: dict[tuple[str, str], list[str]], reuse: bool = False) -> None:
    """Append ``markdown`` to ``parent`` as XLIFF inline content.

    In the source, each code gets the next number and is recorded in ``ids``;
    in the target (``reuse``), a code takes the id of the same code in the
    source, as XLIFF requires, and a new id only when the source lacks it.
    """
    last = None
    pos = 0

    def code_id(kind: str, ref: str) -> str:
        if reuse and ids.get((kind, ref)):
            return ids[kind, ref].pop(0)
        counter[0] += 1
        new = str(counter[0]) if not reuse else f"t{counter[0]}"
        if not reuse:
            ids.setdefault((kind, ref), []).append(new)
        return new

    def text(s: str) -> None:
        if not s:
            return
        if last is None:
            parent.text = (parent.text or "") + s
        else:
            last.tail = (last.tail or "") + s

    for m in _INLINE.finditer(markdown):
        text(markdown[pos : m.start()])
        if m.group(1):
            ref = codes.ref(m.group(1))
            el = etree.SubElement(parent, _X + "pc", id=code_id("pc", ref), dataRefStart=ref, dataRefEnd=ref)
            _fill(el, m.group(2), codes, counter, ids, reuse)
        else:
            ref = codes.ref(m.group(0))
            el = etree.SubElement(parent, _X + "ph", id=code_id("ph", ref), dataRef=ref)
        last = el
        pos = m.end()
    text(markdown[pos:])


def _markdown(el: etree._Element, data: dict[str, str], unit: str, problems: list[Problem], where: str) -> str:
    """The Markdown of an XLIFF ``<source>``/``<target>`` (inline codes resolved through ``data``)."""
    out = [el.text or ""]
    for child in el:
        tag = etree.QName(child).localname
        if tag == "ph":
            out.append(_data(child.get("dataRef"), data, unit, problems, where))
        elif tag == "pc":
            start = _data(child.get("dataRefStart"), data, unit, problems, where)
            end = _data(child.get("dataRefEnd"), data, unit, problems, where)
            out.append(start + _markdown(child, data, unit, problems, where) + end)
        else:
            problems.append(error(where, child.sourceline or 0, f"unit {unit}: inline element <{tag}> is not "
                                  "supported here; keep the <ph>/<pc> codes of the source", "xliff-inline"))
        out.append(child.tail or "")
    return "".join(out)


def _data(ref: str | None, data: dict[str, str], unit: str, problems: list[Problem], where: str) -> str:
    if ref not in data:
        problems.append(error(where, 0, f"unit {unit}: inline code refers to {ref!r}, which is not in its "
                              "originalData", "xliff-inline"))
        return ""
    return data[ref]


# ---------------------------------------------------------------------------
# export


def export_xliff(tf: TranslationFile, source: Document) -> bytes:
    """An XLIFF 2.0 document of the translation, one unit per paragraph of the source as it is now."""
    root = etree.Element(_X + "xliff", nsmap=NSMAP, version="2.0", srcLang=source.language, trgLang=tf.language)
    # one segment per paragraph: the import matches segments to paragraphs, so tools must not resegment
    f = etree.SubElement(root, _X + "file", id="f1", original=source.id, canResegment="no")
    notes = etree.SubElement(f, _X + "notes")
    note = etree.SubElement(notes, _X + "note")
    note.text = (
        f"{source.symbol} ({source.id}) into {tf.language}. Translate the targets; keep unit ids and the "
        "inline codes. Units marked compendium:stale have a source that changed since it was translated."
    )
    for anchor, md in source_units(source):
        unit = tf.unit(anchor)
        now = fingerprint(md)
        u = etree.SubElement(f, _X + "unit", id=anchor, name=label(source, anchor) if not anchor.startswith("fn-")
                             else f"footnote {anchor[3:]}")
        meta = etree.SubElement(etree.SubElement(u, _M + "metadata"), _M + "metaGroup", category="compendium")
        etree.SubElement(meta, _M + "meta", type="fingerprint").text = now
        translated = unit is not None and unit.translation != ""
        stale = translated and unit.fingerprint != now
        if stale:
            etree.SubElement(meta, _M + "meta", type="translated-fingerprint").text = unit.fingerprint
            etree.SubElement(meta, _M + "meta", type="translated-source").text = unit.source
        codes = _Codes({})
        counter = [0]
        ids: dict[tuple[str, str], list[str]] = {}
        original = etree.SubElement(u, _X + "originalData")
        seg = etree.SubElement(u, _X + "segment")
        src = etree.SubElement(seg, _X + "source", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        _fill(src, md, codes, counter, ids)
        if translated:
            tgt = etree.SubElement(seg, _X + "target", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
            _fill(tgt, unit.translation, codes, counter, ids, reuse=True)
            seg.set("state", "initial" if stale else "translated")
            if stale:
                seg.set("subState", STALE)
        else:
            seg.set("state", "initial")
        for key, value in codes.data.items():
            etree.SubElement(original, _X + "data", id=key).text = value
        if not codes.data:
            u.remove(original)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


_STRUCTURE = {_X + t for t in ("xliff", "file", "notes", "unit", "originalData", "segment")} | {
    _M + "metadata", _M + "metaGroup"}


def _indent(el: etree._Element, level: int = 0) -> None:
    """Indent the structural elements only: text inside source, target, data and notes is content."""
    if el.tag not in _STRUCTURE or len(el) == 0:
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        _indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


def write_xliff(tf: TranslationFile, source: Document, out: Path, force: bool = False) -> None:
    """Export to ``out`` atomically; refuse to replace an existing file unless ``force``."""
    if Path(out).exists() and not force:
        raise FileExistsError(f"{out} exists; use --force to overwrite it")
    write_atomic(Path(out), export_xliff(tf, source).decode("utf-8"))


# ---------------------------------------------------------------------------
# import


@dataclass
class XliffUnit:
    """What one XLIFF unit brings back."""

    anchor: str
    source: str
    fingerprint: str
    target: str
    state: str
    translated_fingerprint: str | None
    translated_source: str | None
    line: int = 0


def parse_xliff(data: bytes, where: str = "<xliff>") -> tuple[str, str, list[XliffUnit], list[Problem]]:
    """Read an XLIFF 2.0 file made by :func:`export_xliff`: ``(source id, target language, units, problems)``.

    Checks each unit's source text against its fingerprint.
    """
    problems: list[Problem] = []
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return "", "", [], [error(where, exc.lineno or 1, f"not well-formed XML: {exc.msg}", "xliff-format")]
    if root.tag != _X + "xliff" or not (root.get("version") or "").startswith("2."):
        return "", "", [], [error(where, root.sourceline or 1, f"not an XLIFF 2.x document (namespace {XLIFF_NS})",
                                  "xliff-format")]
    files = root.findall(_X + "file")
    if len(files) != 1:
        return "", "", [], [error(where, root.sourceline or 1, "expected exactly one <file> (one source document)",
                                  "xliff-format")]
    f = files[0]
    source_id = f.get("original") or ""
    units: list[XliffUnit] = []
    for u in f.iter(_X + "unit"):
        anchor = u.get("id") or ""
        line = u.sourceline or 0
        metas = {m.get("type"): m.text or "" for m in u.iter(_M + "meta")}
        data = {d.get("id"): d.text or "" for d in u.iterfind(f"{_X}originalData/{_X}data")}
        segs = u.findall(_X + "segment")
        if len(segs) != 1 or segs[0].find(_X + "source") is None:
            problems.append(error(where, line, f"unit {anchor}: expected one <segment> with a <source>; "
                                  "do not split or join segments", "xliff-segment"))
            continue
        seg = segs[0]
        src = _markdown(seg.find(_X + "source"), data, anchor, problems, where)
        tgt_el = seg.find(_X + "target")
        tgt = _markdown(tgt_el, data, anchor, problems, where) if tgt_el is not None else ""
        fp = metas.get("fingerprint")
        if not fp:
            problems.append(error(where, line, f"unit {anchor}: no fingerprint metadata; export the file again "
                                  "with `compendium translate export-xliff`", "xliff-fingerprint"))
            continue
        if fingerprint(src) != fp:
            problems.append(error(where, line, f"unit {anchor}: the source text does not match the source it was "
                                  "made from (fingerprint differs); the source must not be edited — export "
                                  "again and copy your targets over", "xliff-source-changed"))
            continue
        if "translated-source" in metas and fingerprint(metas["translated-source"]) != metas.get("translated-fingerprint"):
            problems.append(error(where, line, f"unit {anchor}: the translated-source metadata does not match its "
                                  "fingerprint", "xliff-source-changed"))
            continue
        units.append(XliffUnit(anchor, src, fp, tgt, seg.get("state") or "initial",
                               metas.get("translated-fingerprint"), metas.get("translated-source"), line))
    return source_id, root.get("trgLang") or "", units, problems


def import_xliff(data: bytes, source: Document, tf: TranslationFile | None, where: str = "<xliff>") -> TranslationFile:
    """Merge an XLIFF file into the translation ``tf`` (or a new one) of ``source``.

    Raises :class:`CompendiumError` listing every unit that does not match the
    source (unknown id, edited source text, other document or language); then
    nothing is changed.
    """
    source_id, language, units, problems = parse_xliff(data, where)
    if source_id != source.id:  # every unit would be wrong: say only this
        raise CompendiumError([error(where, 1, f"the file was made from {source_id or 'an unknown source'}, "
                                     f"not {source.id}", "xliff-source")])
    if tf is not None and language != tf.language:
        raise CompendiumError([error(where, 1, f"the file's target language is {language!r}, the translation's "
                                     f"{tf.language!r}", "xliff-language")])
    known = {anchor for anchor, _ in source_units(source)} | ({u.anchor for u in tf.units} if tf else set())
    for u in units:
        if u.anchor not in known:
            problems.append(error(where, u.line, f"unit {u.anchor}: {source.id} has no paragraph with this id; "
                                  "unit ids must not be changed", "xliff-unit"))
    if problems:
        raise CompendiumError(problems)
    out = tf if tf is not None else new_translation(source, language)
    order = [anchor for anchor, _ in source_units(source)]
    for x in units:
        unit = out.unit(x.anchor)
        if unit is None:
            unit = Unit(x.anchor, x.source, x.fingerprint)
            out.units.append(unit)
        if x.target == "":
            unit.translation = ""
            unit.source, unit.fingerprint = x.source, x.fingerprint
        elif x.state == "initial" and x.translated_fingerprint:
            # still unconfirmed after a source change: keeps the source it was translated from, so it stays stale
            unit.translation = x.target
            unit.source, unit.fingerprint = x.translated_source or unit.source, x.translated_fingerprint
        else:
            unit.translation = x.target
            unit.source, unit.fingerprint = x.source, x.fingerprint
    rank = {a: float(i) for i, a in enumerate(order)}
    keys, prev = {}, -1.0
    for u in out.units:  # a unit no longer in the source stays after the one it followed
        prev = keys[u.anchor] = rank.get(u.anchor, prev + 0.001)
    out.units.sort(key=lambda u: keys[u.anchor])
    return out
