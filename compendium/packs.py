"""Curriculum packs: courses built from paragraphs of the corpus, kept as YAML under ``docs/curricula/``.

A pack (``docs/curricula/<id>.yaml``, schema ``compendium/data/pack.schema.json``)
has a title, an audience, learning objectives and sessions; each session lists
references to the corpus with the trainer's notes and discussion questions. A
reference is ``WORK`` (the whole text), ``WORK#anchor`` (a paragraph with its
sub-paragraphs, or a heading with everything under it: ``A/RES/76/181#annex``)
or an expression id (``E-RES-2004-28.draft.en#op-3``). ``docs/guides/packs.md``
documents the format.

The YAML is parsed twice from one text: once for the values and once with
``yaml.compose`` for the line of every node, so that a schema error or a
reference that does not resolve is reported as ``docs/curricula/x.yaml:LINE:
error: ...``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from compendium.model import Corpus, Document, Kind, Paragraph
from compendium.problems import Problem, error

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "pack.schema.json"
PACKS_FOLDER = "curricula"
"""The packs' folder inside docs_dir; ``$COMPENDIUM_PACKS`` names another one."""
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
REFERENCE = re.compile(r"^(?P<work>[^#\s]+)(?:#(?P<anchor>[a-z0-9][a-z0-9.-]*))?$")


@dataclass
class Reference:
    """One reference of a session: a whole text, a paragraph or a heading's section."""

    ref: str
    line: int
    note: str | None = None

    @property
    def work(self) -> str:
        return self.ref.partition("#")[0]

    @property
    def anchor(self) -> str | None:
        return self.ref.partition("#")[2] or None


@dataclass
class Session:
    """One session of a pack."""

    title: str
    line: int
    notes: str = ""
    references: list[Reference] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


@dataclass
class Pack:
    """One curriculum pack as read from its file."""

    id: str
    path: Path
    title: str
    audience: str
    objectives: list[str]
    sessions: list[Session]
    duration: str | None = None
    introduction: str = ""

    @property
    def url(self) -> str:
        """The pack's page, relative to the site root."""
        return f"{PACKS_FOLDER}/{self.id}/"

    def references(self) -> list[Reference]:
        """Every reference of every session, in order."""
        return [r for s in self.sessions for r in s.references]


@dataclass
class Quote:
    """What a reference resolves to: the expression and the paragraphs to quote, in document order."""

    doc: Document
    paragraphs: list[Paragraph]
    anchor: str | None
    """The anchor referenced (None for the whole text)."""


@lru_cache(maxsize=1)
def schema() -> dict:
    """The JSON Schema of a pack file."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def packs_dir(docs_dir: Path) -> Path:
    """The folder of the packs: ``$COMPENDIUM_PACKS`` if set, else ``<docs_dir>/curricula``."""
    configured = os.environ.get("COMPENDIUM_PACKS")
    return Path(configured) if configured else Path(docs_dir) / PACKS_FOLDER


# --------------------------------------------------------------------------- reading


def _lines(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """The 1-based line of every node of a composed YAML document, keyed by its path (keys and indexes)."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[path + (("key", key.value),)] = key.start_mark.line + 1
            _lines(value, path + (key.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, path + (i,), out)
    return out


def _line_of(lines: dict[tuple, int], path: tuple) -> int:
    """The line of the deepest node along ``path`` that the file has."""
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _schema_message(err) -> str:
    where = "/".join(str(p) for p in err.absolute_path) or "the pack"
    expected = err.schema.get("description") if isinstance(err.schema, dict) else None
    if err.validator == "additionalProperties":
        return f"{where}: {err.message}; allowed keys are {', '.join(sorted(err.schema.get('properties', {})))}"
    if expected:
        return f"{where}: {err.message}; expected {expected}"
    return f"{where}: {err.message}"


def read_pack(path: Path, text: str | None = None) -> tuple[Pack | None, list[Problem]]:
    """Read and validate one pack file; every schema problem with its line. Does not resolve references."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if text is None else text
    pack_id = path.stem
    if not PACK_ID.match(pack_id):
        return None, [error(path, 1, f"pack file name {path.name!r}: use lower-case letters, digits and hyphens (rule-of-law.yaml)", "pack-id")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [error(path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(exc, 'problem', exc)}", "pack-yaml")]
    if node is None:
        return None, [error(path, 1, "the pack file is empty: run `compendium pack new ID --title T` for a skeleton", "pack-empty")]
    lines = _lines(node)
    problems = [
        error(path, _line_of(lines, tuple(e.absolute_path)), _schema_message(e), "pack-schema")
        for e in sorted(Draft202012Validator(schema()).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return None, problems
    sessions = []
    for i, s in enumerate(data["sessions"]):
        refs = []
        for j, r in enumerate(s["references"]):
            ref, note = (r, None) if isinstance(r, str) else (r["ref"], r.get("note"))
            refs.append(Reference(ref, _line_of(lines, ("sessions", i, "references", j)), note))
        sessions.append(
            Session(
                title=s["title"],
                line=_line_of(lines, ("sessions", i)),
                notes=s.get("notes", ""),
                references=refs,
                questions=list(s.get("questions", [])),
            )
        )
    pack = Pack(
        id=pack_id,
        path=path,
        title=data["title"],
        audience=data["audience"],
        objectives=list(data["objectives"]),
        sessions=sessions,
        duration=data.get("duration"),
        introduction=data.get("introduction", ""),
    )
    return pack, []


def read_packs(folder: Path) -> tuple[list[Pack], list[Problem]]:
    """Every ``*.yaml`` pack of a folder (none when it does not exist), sorted by id."""
    packs: list[Pack] = []
    problems: list[Problem] = []
    folder = Path(folder)
    if not folder.is_dir():
        return packs, problems
    for path in sorted(folder.glob("*.yaml")):
        pack, found = read_pack(path)
        problems += found
        if pack is not None:
            packs.append(pack)
    return packs, problems


# --------------------------------------------------------------------------- resolving


class Lookup:
    """Finds what a reference names in a corpus: a work's primary expression, an expression id, a symbol."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        works = corpus.works()
        self.by_work = {w: Corpus(corpus.root, docs).primary(w) for w, docs in works.items()}
        self.by_id = corpus.by_id()
        self.by_symbol: dict[str, Document] = {}
        for d in corpus.documents:
            self.by_symbol.setdefault(d.symbol, d)

    def document(self, name: str) -> Document | None:
        """The expression a reference's first part names, or None."""
        return self.by_work.get(name) or self.by_id.get(name) or self.by_symbol.get(name)

    def resolve(self, ref: str) -> Quote | str:
        """The quote a reference names, or a message saying why it does not resolve and what to do."""
        m = REFERENCE.match(ref)
        if not m:
            return "write WORK or WORK#anchor, for example E/RES/2004/28#op-12"
        work, anchor = m.group("work"), m.group("anchor")
        doc = self.document(work)
        if doc is None:
            close = difflib.get_close_matches(work, list(self.by_work), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            return f"the corpus has no document {work}{hint}"
        if anchor is None:
            return Quote(doc, list(doc.paragraphs), None)
        paragraphs = section_of(doc, anchor)
        if not paragraphs:
            anchors = [p.anchor for p in doc.paragraphs]
            close = difflib.get_close_matches(anchor, anchors, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else f"its anchors run from {anchors[0]} to {anchors[-1]}" if anchors else "it has no paragraphs"
            return f"{doc.symbol} has no paragraph {anchor}: {hint} (anchors are shown by the paragraphs' link icons)"
        return Quote(doc, paragraphs, anchor)


def section_of(doc: Document, anchor: str) -> list[Paragraph]:
    """The paragraph with ``anchor`` and everything under it: its sub-paragraphs, or a heading's section."""
    paragraphs = doc.paragraphs
    start = next((i for i, p in enumerate(paragraphs) if p.anchor == anchor), None)
    if start is None:
        return []
    head = paragraphs[start]
    out = [head]
    if head.kind == Kind.HEADING:
        for p in paragraphs[start + 1 :]:
            if p.kind == Kind.HEADING and p.heading_level <= head.heading_level:
                break
            out.append(p)
        return out
    inside = {head.anchor}
    for p in paragraphs[start + 1 :]:
        if p.parent in inside:
            inside.add(p.anchor)
            out.append(p)
        elif p.kind != Kind.SUBPARAGRAPH or p.parent is None:
            break
    return out


def check_packs(packs: list[Pack], corpus: Corpus, lookup: Lookup | None = None) -> list[Problem]:
    """An error (pack file and line) for every reference that does not resolve in ``corpus``."""
    lookup = lookup or Lookup(corpus)
    problems = []
    for pack in packs:
        for ref in pack.references():
            found = lookup.resolve(ref.ref)
            if isinstance(found, str):
                problems.append(error(pack.path, ref.line, f"reference {ref.ref} does not resolve: {found}", "pack-reference"))
    return problems


# --------------------------------------------------------------------------- editing


def scaffold(title: str) -> str:
    """The text of a new pack file: every key, one session, comments saying what to fill in."""
    return (
        "# A curriculum pack: see docs/guides/packs.md. Quote only paragraphs of the corpus;\n"
        "# the notes and questions are yours.\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        "audience: Who the course is for\n"
        "duration: How long it takes\n"
        "introduction: >-\n"
        "  What the course is about and how to use the pack.\n"
        "objectives:\n"
        "  - What participants will be able to do after the course\n"
        "sessions:\n"
        "  - title: The first session\n"
        "    notes: >-\n"
        "      Your notes for the session.\n"
        "    references: []\n"
        "    questions:\n"
        "      - A question for discussion\n"
    )


def add_reference(text: str, ref: str, session: int = 1) -> str:
    """The pack's text with ``ref`` appended to session ``session`` (1-based); comments and layout kept.

    Raises ``ValueError`` when the pack has no such session.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    sessions = _value(root, "sessions")
    if not isinstance(sessions, yaml.SequenceNode) or not 1 <= session <= len(sessions.value):
        count = len(sessions.value) if isinstance(sessions, yaml.SequenceNode) else 0
        raise ValueError(f"the pack has {count} session{'s' * (count != 1)}: choose --session 1 to {count}")
    node = sessions.value[session - 1]
    refs = _value(node, "references")
    key = next(k for k, v in node.value if k.value == "references") if refs is not None else None
    if refs is None or key is None:
        raise ValueError(f"session {session} has no references list: add `references: []` to it")
    item = json.dumps(ref) if ref[:1] in "\"'[{&*!|>%@`" else ref
    if not isinstance(refs, yaml.SequenceNode) or refs.flow_style or not refs.value:
        indent = " " * (key.start_mark.column + 2)
        items = [] if not isinstance(refs, yaml.SequenceNode) else [text[v.start_mark.index : v.end_mark.index] for v in refs.value]
        block = "".join(f"\n{indent}- {v}" for v in items + [item])
        return text[: refs.start_mark.index].rstrip(" ") + block + text[refs.end_mark.index :]
    last = refs.value[-1]
    # A block collection ends where the next token starts (maybe lines below): its last scalar ends where it does.
    while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and last.value:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    indent = " " * (refs.value[0].start_mark.column - 2)
    lines = text.splitlines(keepends=True)
    end = last.end_mark
    at = end.line + 1 if end.column > 0 else end.line
    if at > 0 and at <= len(lines) and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    lines.insert(at, f"{indent}- {item}\n")
    return "".join(lines)


def _value(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((v for k, v in mapping.value if k.value == key), None)


def load_for(docs_dir: Path, corpus: Corpus) -> tuple[list[Pack], list[Problem]]:
    """Read every pack of the site's packs folder and check its references against ``corpus``."""
    packs, problems = read_packs(packs_dir(docs_dir))
    problems += check_packs(packs, corpus)
    return packs, problems


def plain_paragraphs(text: str) -> list[str]:
    """A trainer's text split into paragraphs at blank lines, lines of a paragraph joined."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]

