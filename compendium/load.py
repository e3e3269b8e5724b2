"""Reading corpus files: strict front matter, schema validation and the body parser.

A corpus file is YAML front matter between two ``---`` lines followed by a
Markdown body (see ``docs/corpus-format.md``). This module is the only place
that parses one; every other stage reads the ``Document`` it returns. Problems
are collected (never raised) so a whole corpus is reported in one run.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from compendium.model import Corpus, Document, Footnote, Kind, Organ, Paragraph, Source, Version
from compendium.problems import Problem, error, warning

DATA = Path(__file__).parent / "data"
SCHEMA_PATH = DATA / "schema.json"

KeyPath = tuple[str | int, ...]


# --------------------------------------------------------------------------- files


PARALLEL_MIN_FILES = 400
"""Below this many files to parse, a second process costs more than it saves."""


def load_corpus(root: Path, cache: dict | None = None, parallel: bool = False) -> tuple[Corpus, list[Problem]]:
    """Load every ``*.md`` below ``root`` (recursively, sorted by path) into a Corpus.

    Files that cannot be read or whose front matter is invalid are left out of
    the corpus and reported; nothing is skipped silently. ``cache`` is a dict
    the caller keeps between runs (``mkdocs serve`` rebuilds): a file whose
    bytes have not changed is not parsed again, its Document is reused.
    ``parallel`` parses every other file in a forked process
    (``compendium.parallel``); the result is the same.
    """
    root = Path(root)
    corpus = Corpus(root=root)
    if not root.is_dir():
        return corpus, [error(root, 0, f"corpus folder '{root}' does not exist; pass --corpus DIR", "no-corpus")]
    problems: list[Problem] = []
    files = sorted(
        p for p in root.rglob("*.md") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    if cache is not None:
        for gone in set(cache) - set(files):
            del cache[gone]
    loaded: dict[Path, tuple[Document | None, list[Problem]]] = {}
    digests: dict[Path, bytes | None] = {}
    todo = files
    if cache is not None:
        todo = []
        for path in files:
            digests[path] = digest = _digest(path)
            hit = cache.get(path)
            if digest is not None and hit is not None and hit[0] == digest:
                loaded[path] = hit[1], hit[2]
            else:
                todo.append(path)
    theirs = None
    if parallel and len(todo) >= PARALLEL_MIN_FILES:
        from compendium.parallel import in_background  # late: only builds of large corpora need it

        other = todo[1::2]
        theirs = in_background("load", lambda: [load_document(p) for p in other])
        if theirs is not None:
            todo = todo[0::2]
    for path in todo:
        loaded[path] = load_document(path)
    if theirs is not None:
        loaded.update(zip(other, theirs.result()))
    for path in files:
        doc, found = loaded[path]
        if cache is not None and digests[path] is not None:
            cache[path] = (digests[path], doc, found)
        problems += found
        if doc is not None:
            corpus.documents.append(doc)
    return corpus, problems


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest corpus file read (5 MB, over 20 times the largest real expression): a larger one is reported, not read."""


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The text of a corpus file as str: UTF-8 (a BOM is dropped), newlines normalised to ``\\n``.

    A BOM or CRLF line ends are read but warned about (the corpus is UTF-8 with LF);
    UTF-16 and files over ``MAX_FILE_BYTES`` are errors.
    """
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [error(path, 1, f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes for a corpus "
                                "file; a file holds one resolution: check that this is the right file, or split it", "too-large")]
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [error(path, 0, f"cannot read file: {exc.strerror}", "unreadable")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error(path, 1, "file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8", "encoding")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [error(path, line, "file contains NUL bytes, so it is not UTF-8 text (UTF-16 without a byte-order "
                            "mark?); save it as UTF-8", "encoding")]
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(warning(path, 1, "file starts with a byte-order mark; it was read, but save it as UTF-8 without BOM", "bom"))
    if b"\r" in raw:
        line = raw[: raw.index(b"\r")].count(b"\n") + 1
        problems.append(warning(path, line, "file has CR or CRLF line ends; they were read as LF, but save it with LF "
                                "line ends as every corpus file has", "line-ends"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            error(
                path,
                line,
                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
                "encoding",
            )
        ]
    return normalise_newlines(text), problems


def normalise_newlines(text: str) -> str:
    """Text with a leading BOM removed and CRLF / CR line ends turned into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- front matter


# libyaml when present: the pure-Python scanner would dominate loading a large corpus.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as the strings written, so ``2004-02-30`` is reported, not raised."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class FrontMatter:
    """The front matter of one file as read, with the file line of every key."""

    data: object
    """The YAML value (a dict when well-formed), keys as strings, dates as ISO strings."""
    lines: dict[KeyPath, int] = field(default_factory=dict)
    """File line of every mapping key and sequence item, by path (``("footnotes", "1")``)."""
    start: int = 1
    """Line of the opening ``---``."""
    body_line: int = 1
    """First line of the body."""
    body: str = ""
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: KeyPath) -> int:
        """The line of the deepest key on ``path`` that exists (the opening ``---`` when none does)."""
        for n in range(len(path), 0, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return self.start


def split_front_matter(text: str, path: Path | str) -> FrontMatter:
    """Split a file's text into parsed front matter and body, reporting YAML errors at file lines."""
    lines = text.split("\n")
    fm = FrontMatter(data=None)
    if not text.strip():
        fm.problems.append(error(path, 1, "file is empty; a corpus file starts with front matter between '---' lines", "empty"))
        return fm
    if lines[0].rstrip() != "---":
        fm.problems.append(
            error(path, 1, "no front matter: the first line must be '---' followed by YAML and a closing '---'", "no-front-matter")
        )
        return fm
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        fm.problems.append(error(path, 1, "front matter is not closed: add a '---' line after the YAML", "front-matter-unclosed"))
        return fm
    fm.body_line = end + 2
    fm.body = "\n".join(lines[end + 1 :])
    offset = fm.start + 1  # file line of the first YAML line
    loader = _Loader("\n".join(lines[1:end]) + "\n")
    try:
        node = loader.get_single_node()
        if node is not None:
            _key_lines(node, (), offset, fm.lines, fm.problems, path)
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else fm.start
        what = exc.problem or "cannot parse"
        if exc.context and exc.context_mark:
            what += f" ({exc.context} that starts at line {exc.context_mark.line + offset})"
        fm.problems.append(error(path, line, f"front matter is not valid YAML: {what}", "yaml"))
        return fm
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        fm.problems.append(error(path, fm.start, f"front matter is not valid YAML: {exc}", "yaml"))
        return fm
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        fm.problems.append(
            error(
                path,
                offset,
                f"front matter must be a mapping of keys to values, not a {_json_type(data)}",
                "front-matter-not-mapping",
            )
        )
        return fm
    fm.data = _normalise(data)
    return fm


def _key_lines(node: yaml.Node, path: KeyPath, offset: int, out: dict, problems: list, file: Path | str) -> None:
    """Record the file line of every key below ``node``; report duplicate keys (YAML keeps the last silently)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + offset
            if name in seen:
                problems.append(error(file, line, f"duplicate key '{name}' (first at line {seen[name]}); keep one", "duplicate-key"))
            seen.setdefault(name, line)
            out[path + (name,)] = line
            _key_lines(value, path + (name,), offset, out, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[path + (i,)] = item.start_mark.line + offset
            _key_lines(item, path + (i,), offset, out, problems, file)


def _normalise(value: object) -> object:
    """JSON-shaped data: mapping keys as strings (``1:`` is footnote "1"), dates as ISO strings."""
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10] if not isinstance(value, datetime.datetime) else value.date().isoformat()
    return value


def _json_type(value: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), type(value).__name__)


@functools.cache
def schema() -> dict:
    """The JSON Schema of the front matter (``compendium/data/schema.json``)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.cache
def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


def validate_front_matter(fm: FrontMatter, path: Path | str) -> list[Problem]:
    """Every schema violation of the front matter, each at the line of the offending key.

    Unknown keys are warnings naming the nearest known key; everything else is an error.
    """
    problems: list[Problem] = []
    for err in sorted(_validator().iter_errors(fm.data), key=lambda e: (fm.line(tuple(e.absolute_path)), e.message)):
        where = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = list(err.schema.get("properties", {}))
            for key in err.instance:
                if key in known or any(re.search(p, key) for p in err.schema.get("patternProperties", {})):
                    continue
                near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
                hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(known)}"
                problems.append(
                    warning(path, fm.line(where + (key,)), f"unknown front-matter key '{_dotted(where + (key,))}'{hint}", "unknown-key")
                )
            continue
        if err.validator == "required":
            missing = re.match(r"'([^']+)'", err.message)
            name = _dotted(where + (missing.group(1),)) if missing else err.message
            problems.append(error(path, fm.line(where), f"front matter lacks required key '{name}'", "missing-key"))
            continue
        if "propertyNames" in err.schema_path:
            # The offending thing is a key itself: point at it, not at the mapping holding it.
            where = where + (str(err.instance),)
        key = _dotted(where) or "front matter"
        problems.append(error(path, fm.line(where), f"front-matter key '{key}': {_schema_message(err)}", "schema"))
    return problems


def _schema_message(err) -> str:
    """A jsonschema message made readable: the schema's own ``description`` says what is expected."""
    expected = err.schema.get("description") if isinstance(err.schema, dict) else None
    message = err.message
    if err.validator in ("oneOf", "anyOf", "pattern") and expected:
        message = f"{json.dumps(err.instance, ensure_ascii=False)} is not valid"
    return f"{message} (expected: {expected})" if expected else message


def _dotted(path: KeyPath) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


def front_matter_lines(path: Path) -> dict[KeyPath, int]:
    """File line of every front-matter key of a corpus file (for problems found after loading)."""
    text, _ = read_text(path)
    if text is None:
        return {}
    return split_front_matter(text, path).lines


# --------------------------------------------------------------------------- documents


def load_document(path: Path, text: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read one corpus file into a Document, with every problem of its front matter and body.

    ``text`` is the file's content when already read. The Document is None when
    the file cannot be read or its front matter is invalid; the body is parsed
    anyway so that all its problems are reported in the same run.
    """
    path = Path(path)
    problems: list[Problem] = []
    if text is None:
        text, problems = read_text(path)
        if text is None:
            return None, problems
    else:
        text = normalise_newlines(text)
    fm = split_front_matter(text, path)
    problems += fm.problems
    if fm.problems and not isinstance(fm.data, dict):
        return None, problems
    meta = fm.data if isinstance(fm.data, dict) else {}
    meta_problems = validate_front_matter(fm, path)
    problems += meta_problems
    doctype = meta.get("type") if isinstance(meta.get("type"), str) else "resolution"
    paragraphs, body_problems = parse_body(fm.body, fm.body_line, doctype, path=path)
    problems += body_problems
    if any(p.is_error for p in fm.problems + meta_problems):
        return None, problems
    doc = _document(path, meta, fm, paragraphs)
    problems += _apply_paragraph_meta(doc, meta, fm, path)
    return doc, problems


def _document(path: Path, meta: dict, fm: FrontMatter, paragraphs: list[Paragraph]) -> Document:
    """A Document from schema-valid front matter and the parsed body."""
    src = meta["source"]
    footnotes = {}
    for marker, value in (meta.get("footnotes") or {}).items():
        line = fm.line(("footnotes", marker))
        if isinstance(value, dict):
            footnotes[marker] = Footnote(marker, value.get("text"), missing=bool(value.get("missing")), line=line)
        else:
            footnotes[marker] = Footnote(marker, value, line=line)
    optional = {k: None if meta.get(k) is None else str(meta[k]) for k in ("number", "meeting", "session", "agenda_item")}
    return Document(
        path=path,
        symbol=meta["symbol"],
        work=meta.get("work") or meta["symbol"],
        doctype=meta["type"],
        organ=Organ(meta["body"]),
        title=meta["title"],
        date=meta.get("date"),
        language=meta["language"],
        version=Version(meta["version"]),
        source=Source(kind=src["kind"], file=src.get("file"), symbol=src.get("symbol"), paragraph=src.get("paragraph")),
        categories=list(meta.get("categories") or []),
        topics=list(meta.get("topics") or []),
        footnotes=footnotes,
        paragraphs=paragraphs,
        meta=meta,
        body_line=fm.body_line,
        **optional,
    )


def _apply_paragraph_meta(doc: Document, meta: dict, fm: FrontMatter, path: Path) -> list[Problem]:
    """Copy per-paragraph metadata (``paragraphs: {op-12: {topics: [...]}}``) onto the paragraphs."""
    problems = []
    by_anchor = {p.anchor: p for p in doc.paragraphs}
    for anchor, info in (meta.get("paragraphs") or {}).items():
        para = by_anchor.get(anchor)
        if para is None:
            near = difflib.get_close_matches(anchor, list(by_anchor), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            problems.append(
                error(path, fm.line(("paragraphs", anchor)), f"paragraphs: no paragraph has the anchor '{anchor}'{hint}", "unknown-anchor")
            )
            continue
        para.topics = list((info or {}).get("topics") or [])
    return problems


# --------------------------------------------------------------------------- body

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$", re.S)
_NUMBERED = re.compile(r"^(\d{1,4}(?:\.\d{1,4})*\.)(?:[ \t]+(.*))?$", re.S)
_SUB = re.compile(r"^\(([a-z]{1,3}|[ivxl]{1,6})\)(?:[ \t]+(.*))?$", re.S)  # (viii), (xviii): roman numerals run longer than letters
_ATTRS = re.compile(r"(?:^|[ \t])\{[ \t]*(\.[A-Za-z][^{}\n]*)\}[ \t]*$")
_ATTR_TOKEN = re.compile(r'\s*(?:\.([A-Za-z][\w-]*)|([A-Za-z][\w-]*)="([^"]*)")')
_FOOTNOTE_REF = re.compile(r"(?<!\\)\[\^([^\]\s]+)\]")
_DESIGNATION = re.compile(r"^([IVXLCDM]+|[A-Z]|\d+)\.(?:[ \t]+(.*))?$", re.S)
_PART_DESIGNATION = re.compile(r"^(?:[IVXLCDM]+|[A-Z]|\d+)\.?$")
_ROMAN = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})$")

ATTRIBUTE_KINDS = {
    "formula": Kind.FORMULA,
    "closing": Kind.CLOSING,
    "residual": Kind.RESIDUAL,
    "text": Kind.TEXT,
    "embedded": Kind.EMBEDDED,
}


@dataclass
class Block:
    """A run of non-blank lines of the body."""

    text: str
    """The lines, stripped and joined with a space."""
    line: int
    """File line of the first line."""
    last_line: int = 0


def blocks(text: str, first_line: int) -> list[Block]:
    """The body's blocks: runs of non-blank lines, each with the file line it starts on."""
    out: list[Block] = []
    current: list[str] = []
    start = 0
    for i, raw in enumerate(text.split("\n")):
        if raw.strip():
            if not current:
                start = first_line + i
            current.append(raw.strip())
        elif current:
            out.append(Block(" ".join(current), start, first_line + i - 1))
            current = []
    if current:
        out.append(Block(" ".join(current), start, start + len(current) - 1))
    return out


def footnote_refs(markdown: str) -> list[str]:
    """Markers of the footnote references ``[^N]`` in a block, in order, each once."""
    return list(dict.fromkeys(_FOOTNOTE_REF.findall(markdown)))


def roman_value(token: str) -> int | None:
    """Value of a lower-case roman numeral up to 39 (``iv`` -> 4), None for anything else."""
    if not token or not _ROMAN.match(token):
        return None
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for a, b in zip(token, token[1:] + " "):
        v = values[a]
        total += -v if b != " " and values[b] > v else v
    return total


def to_roman(n: int) -> str:
    """Lower-case roman numeral of 1..39."""
    tens, units = divmod(n, 10)
    return "x" * tens + ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][units]


def next_letter(token: str) -> str:
    """The letter that follows: ``a`` -> ``b``, ``z`` -> ``aa``, ``aa`` -> ``bb``."""
    if token[-1] == "z":
        return "a" * (len(token) + 1)
    return chr(ord(token[0]) + 1) * len(token)


def next_roman(token: str) -> str:
    """The roman numeral that follows (``iii`` -> ``iv``)."""
    return to_roman((roman_value(token) or 0) + 1)


class _BodyParser:
    """State of one pass over the blocks of a body (sections, counters, sub-paragraph context)."""

    def __init__(self, doctype: str, path: Path | str):
        self.report = doctype == "report"
        self.path = path
        self.paragraphs: list[Paragraph] = []
        self.problems: list[Problem] = []
        self.preamble = doctype != "report"
        self.part: str | None = None  # annex prefix
        self.section: str | None = None  # section anchor (without the part)
        self.counters: dict[str, int] = {}
        self.main: Paragraph | None = None  # paragraph sub-paragraphs attach to
        self.letter: Paragraph | None = None  # current level-1 sub-paragraph
        self.last_letter: str | None = None
        self.last_roman: str | None = None
        self.guessed: tuple[Paragraph, Paragraph] | None = None  # an (i) read as a letter, and the (h) before it

    def count(self, name: str) -> int:
        self.counters[name] = self.counters.get(name, 0) + 1
        return self.counters[name]

    @property
    def prefix(self) -> str:
        return "-".join(x for x in (self.part, self.section) if x)

    def add(self, para: Paragraph) -> Paragraph:
        para.footnotes = footnote_refs(para.markdown)
        self.paragraphs.append(para)
        return para

    def block(self, block: Block) -> None:
        text, attrs = self.attributes(block)
        if attrs is not None:
            self.attributed(block, text, attrs)
            return
        if m := _HEADING.match(text):
            self.heading(block, len(m.group(1)), m.group(2).strip())
        elif m := _NUMBERED.match(text):
            self.numbered(block, m.group(1), m.group(2) or "")
        elif (m := _SUB.match(text)) and self.main is not None:
            self.subparagraph(block, m.group(1), m.group(2) or "")
        else:
            if _SUB.match(text):
                self.problems.append(
                    warning(self.path, block.line, "sub-paragraph with no paragraph before it to belong to; kept as text", "orphan-subparagraph")
                )
            self.plain(block, text)

    def attributes(self, block: Block) -> tuple[str, dict | None]:
        """Split a trailing ``{.class key="value"}`` off the block."""
        m = _ATTRS.search(block.text)
        if not m:
            return block.text, None
        attrs: dict = {"classes": []}
        rest = m.group(1)
        pos = 0
        while pos < len(rest):
            t = _ATTR_TOKEN.match(rest, pos)
            if not t or t.end() == pos:
                if rest[pos:].strip():
                    self.problems.append(
                        error(self.path, block.last_line, f"cannot read attribute list '{{{rest}}}'; write e.g. {{.closing}}", "attribute")
                    )
                break
            if t.group(1):
                attrs["classes"].append(t.group(1))
            else:
                attrs[t.group(2)] = t.group(3)
            pos = t.end()
        return block.text[: m.start()].strip(), attrs

    def attributed(self, block: Block, text: str, attrs: dict) -> None:
        known = [c for c in attrs["classes"] if c in ATTRIBUTE_KINDS]
        unknown = [c for c in attrs["classes"] if c not in ATTRIBUTE_KINDS]
        if unknown or len(known) != 1:
            names = ", ".join("." + c for c in ATTRIBUTE_KINDS)
            self.problems.append(
                error(self.path, block.last_line, f"attribute list needs exactly one of {names}; found {' '.join('.' + c for c in attrs['classes'])}", "attribute")
            )
            self.plain(block, text)
            return
        kind = ATTRIBUTE_KINDS[known[0]]
        para = Paragraph(kind=kind, anchor="", number=None, markdown=text, line=block.line, section=self.prefix or None)
        if kind == Kind.FORMULA:
            para.anchor = "formula"
        elif kind == Kind.CLOSING:
            para.anchor = "closing"
        elif kind == Kind.RESIDUAL:
            para.anchor = f"residual-{self.count('residual')}"
        elif kind == Kind.EMBEDDED:
            para.anchor = f"embedded-{self.count('embedded')}"
            para.ref = attrs.get("ref")
            if not para.ref:
                self.problems.append(
                    error(self.path, block.last_line, 'embedded block needs the id of the document printed here: {.embedded ref="E-RES-2004-28.draft.en"}', "attribute")
                )
        else:
            para.anchor = f"text-{self.count('text')}"
            self.main = para
            self.reset_sub()
        self.add(para)

    def heading(self, block: Block, level: int, text: str) -> None:
        self.preamble = False
        self.main = None
        self.reset_sub()
        if level > 4:
            self.problems.append(
                warning(self.path, block.line, f"heading level {level} is not part of the corpus format; use '####' for a cross heading", "heading-level")
            )
            level = 4
        stripped = text.strip("*_ ")
        number = None
        markdown = text
        if level == 1:
            # Language-neutral: "Annex I", "Annexe I", "Приложение I" all give annex-i.
            words = stripped.split()
            designation = next((w for w in words[1:] if _PART_DESIGNATION.match(w)), None)
            self.part = "annex" + (f"-{designation.rstrip('.').lower()}" if designation else "")
            self.section = None
            anchor = self.part
        elif level in (2, 3) and (m := _DESIGNATION.match(stripped)):
            number = m.group(1) + "."
            markdown = (m.group(2) or "").strip()
            code = m.group(1).lower()
            if level == 2 or self.section is None:
                self.section = f"sec-{code}"
            else:  # a subsection replaces the previous subsection, if any: sec-iv-a -> sec-iv-b
                self.section = "-".join(self.section.split("-")[:2] + [code])
            anchor = self.prefix
        else:
            anchor = f"h-{self.count('heading')}"
        self.add(
            Paragraph(
                kind=Kind.HEADING, anchor=anchor, number=number, markdown=markdown, line=block.line,
                section=self.prefix or None, heading_level=level,
            )
        )

    def numbered(self, block: Block, number: str, text: str) -> None:
        self.preamble = False
        self.reset_sub()
        code = number.rstrip(".").replace(".", "-")
        if self.report:
            kind, anchor = Kind.REPORT, "-".join(x for x in (self.part, f"para-{code}") if x)
        else:
            kind, anchor = Kind.OPERATIVE, "-".join(x for x in (self.prefix, f"op-{code}") if x)
        self.main = self.add(Paragraph(kind=kind, anchor=anchor, number=number, markdown=text, line=block.line, section=self.prefix or None))

    def subparagraph(self, block: Block, token: str, text: str) -> None:
        if token == "ii" and self.guessed is not None and self.paragraphs[-1] is self.guessed[0]:
            self.numeral_after_all(*self.guessed)
        self.guessed = None
        expected_letter = next_letter(self.last_letter) if self.last_letter else "a"
        expected_roman = next_roman(self.last_roman) if self.last_roman else "i"
        if token == expected_letter and token == expected_roman:
            # "(i) is a letter when it follows (h)": only a run of numerals already begun continues.
            roman = self.last_roman is not None
        elif token == expected_letter:
            roman = False
        elif token == expected_roman:
            roman = True
        else:
            roman = roman_value(token) is not None
        if roman and self.letter is not None:
            parent, level = self.letter, 2
        else:
            parent, level = self.main, 1
        assert parent is not None
        para = self.add(
            Paragraph(
                kind=Kind.SUBPARAGRAPH, anchor=f"{parent.anchor}-{token}", number=f"({token})", markdown=text,
                line=block.line, section=parent.section, level=level, parent=parent.anchor,
            )
        )
        if token == expected_letter == expected_roman and not roman and self.letter is not None:
            self.guessed = (para, self.letter)
        if roman:
            self.last_roman = token
        else:
            self.last_letter, self.letter, self.last_roman = token, para, None

    def numeral_after_all(self, para: Paragraph, letter: Paragraph) -> None:
        """An ``(i)`` read as the letter after ``(h)`` is followed by ``(ii)``: it began numerals under ``(h)``."""
        para.anchor, para.parent, para.level = f"{letter.anchor}-i", letter.anchor, 2
        self.letter, self.last_letter, self.last_roman = letter, (letter.number or "()").strip("()"), "i"

    def plain(self, block: Block, text: str) -> None:
        if self.preamble:
            n = self.count("preambular")
            para = Paragraph(kind=Kind.PREAMBULAR, anchor=f"pp-{n}", number=None, markdown=text, line=block.line, ordinal=n)
        else:
            para = Paragraph(kind=Kind.TEXT, anchor=f"text-{self.count('text')}", number=None, markdown=text, line=block.line, section=self.prefix or None)
        self.reset_sub()
        self.main = self.add(para)

    def reset_sub(self) -> None:
        self.guessed = None
        self.letter = None
        self.last_letter = None
        self.last_roman = None


def parse_body(text: str, first_line: int, doctype: str, path: Path | str = "<body>") -> tuple[list[Paragraph], list[Problem]]:
    """Parse a document body into paragraphs with anchors, as docs/corpus-format.md defines.

    ``first_line`` is the file line of the body's first line, so every
    paragraph and problem carries its line in the file. ``doctype`` is
    ``resolution``, ``decision`` or ``report`` (numbered blocks of a report are
    report paragraphs ``para-N``; there is no preamble).
    """
    parser = _BodyParser(doctype, path)
    for block in blocks(normalise_newlines(text), first_line):
        parser.block(block)
    return parser.paragraphs, parser.problems


# --------------------------------------------------------------------------- vocabularies


@functools.cache
def categories() -> list[dict]:
    """The four categories of ECOSOC resolution 2003/30 (``data/categories.yaml``): id, slug, label, wording."""
    return yaml.safe_load((DATA / "categories.yaml").read_text(encoding="utf-8"))


@functools.cache
def topics() -> list[dict]:
    """The controlled topic vocabulary (``data/topics.yaml``): id, label, description."""
    return yaml.safe_load((DATA / "topics.yaml").read_text(encoding="utf-8"))
