"""The ``compendium`` command line: one click group, one function per command.

Every command takes ``--corpus DIR`` (default ``resolutions``) and each
docstring carries an ``Example:`` line; ``docs/cli.md`` documents every
command (a test keeps the two in step).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from compendium.model import Corpus
from compendium.problems import Problem, summary


def corpus_option(command):
    """The ``--corpus DIR`` option every command takes."""
    return click.option(
        "--corpus",
        "corpus_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default="resolutions",
        show_default=True,
        help="The corpus folder (every *.md below it is read).",
    )(command)


def echo_problems(problems: list[Problem], err: bool = False) -> None:
    """Print ``path:line: severity: message`` for each problem (paths relative to the working directory)."""
    cwd = Path.cwd()
    for p in problems:
        click.echo(p.format(root=cwd), err=err)


def _loaded_or_exit(corpus_dir: Path):
    """The loaded, checked and linked corpus (``compendium.pipeline.State``); exit 1 after printing its errors."""
    from compendium.pipeline import load

    state = load(corpus_dir)
    echo_problems(state.problems, err=True)
    if any(p.is_error for p in state.problems):
        click.echo(summary(state.problems), err=True)
        raise SystemExit(1)
    return state


@click.group()
@click.version_option(package_name="compendium")
def main() -> None:
    """The Compendium of United Nations standards and norms in crime prevention and criminal justice.

    Example: compendium check --corpus resolutions
    """


@main.command()
@corpus_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(corpus_dir: Path, strict: bool) -> None:
    """Check the whole corpus: schema, vocabularies, numbering, footnotes, dates, references.

    Prints every problem as path:line: severity: message, then a count; exits 1
    when there is an error (or, with --strict, a warning).

    Example: compendium check --corpus resolutions --strict
    """
    from compendium.translate import check_translations

    from compendium.pipeline import load

    state = load(corpus_dir)
    problems = state.problems + check_translations(state.corpus)  # translations/ beside the corpus folder
    echo_problems(problems)
    click.echo(summary(problems))
    if any(p.is_error or strict for p in problems):
        raise SystemExit(1)


@main.group()
def export() -> None:
    """Export the corpus in machine-readable form.

    Example: compendium export json > corpus.json
    """


@export.command("json")
@corpus_option
def export_json(corpus_dir: Path) -> None:
    """Print the whole corpus as one JSON document (the site's api/corpus.json).

    Problems go to standard error; nothing is printed when the corpus has errors.

    Example: compendium export json --corpus resolutions > corpus.json
    """
    from compendium.export import corpus_json

    # compact, as the site publishes it (docs/api.md): pipe through `jq .` or `python -m json.tool` to read it
    click.echo(json.dumps(corpus_json(_loaded_or_exit(corpus_dir).corpus), ensure_ascii=False, separators=(",", ":")))


@main.command("import-text")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Corpus folder to write into (<organ>/<year>/<slug>.<version>.<lang>.md below it).")
@corpus_option
@click.option("--symbol", help="Symbol of the document; required for a report, whose symbol the extract does not print.")
@click.option("--draft-of", multiple=True, help="Symbol of the resolution a draft printed in the report became "
              "(once per draft, in order); without it the draft is matched by title in --corpus and --out.")
@click.option("--version", "version_", type=click.Choice(["draft", "adopted", "revised", "corrigendum"]),
              help="Version of the document (default adopted).")
@click.option("--language", default="en", show_default=True, help="ISO 639-1 code of the text's language.")
@click.option("--source-file", help="Name to record as source.file (default: the file's name).")
@click.option("--force", is_flag=True, help="Overwrite existing corpus files.")
def import_text(files: tuple[Path, ...], out_dir: Path, corpus_dir: Path, symbol: str | None, draft_of: tuple[str, ...],
                version_: str | None, language: str, source_file: str | None, force: bool) -> None:
    """Import resolutions (or reports printing draft resolutions) from extracted plain text.

    Nothing is lost: text the importer cannot place is kept in a {.residual}
    block and reported as path:line: warning. Files are written through a
    temporary file and a rename; an existing file is kept unless --force.
    A report's symbol is not printed in the extract: give it with --symbol.

    Example: compendium import-text report.txt --out resolutions --symbol E/CN.15/2004/9/Add.1 --draft-of E/RES/2004/28
    """
    from compendium.import_text import ImportOptions, import_files

    if len(files) > 1 and (symbol or source_file or draft_of):
        raise click.UsageError("--symbol, --source-file and --draft-of apply to one file; import such files one by one")
    options = ImportOptions(symbol=symbol, version=version_, language=language, source_file=source_file,
                            draft_of=list(draft_of))
    written, problems = import_files(list(files), out_dir, corpus=corpus_dir, options=options, force=force)
    for path in written:
        click.echo(path.as_posix())
    echo_problems(problems, err=True)
    if any(p.is_error for p in problems):
        click.echo(summary(problems), err=True)
        raise SystemExit(1)


# --- versions and translations (compendium.align, compendium.diff, compendium.translate, compendium.xliff) ---


def _load_corpus_only(corpus_dir: Path) -> Corpus:
    """Load the corpus (no check, no linking); load errors go to standard error and stop the command."""
    from compendium.load import load_corpus

    corpus, problems = load_corpus(corpus_dir)
    errors = [p for p in problems if p.is_error]
    if errors:
        echo_problems(errors, err=True)
        click.echo(summary(errors), err=True)
        raise SystemExit(1)
    return corpus


def _document_or_exit(corpus: Corpus, ref: str):
    from compendium.diff import find_document

    doc = find_document(corpus, ref)
    if doc is None:
        ids = ", ".join(sorted(corpus.by_id()))
        raise click.BadParameter(f"no document {ref!r}; give an id ({ids}) or SYMBOL@VERSION[.LANG]")
    return doc


@main.command("align")
@corpus_option
@click.argument("work")
@click.option("--write", is_flag=True, help="Store the alignment in <corpus>/alignments/ (checked pairs are kept).")
def align_command(corpus_dir: Path, work: str, write: bool) -> None:
    """Align the paragraphs of each version of WORK with the adopted text, by similarity and order.

    Prints the alignment as it would be stored; with --write stores it in
    <corpus>/alignments/<slug>.<a>-<b>.yaml. Pairs marked `checked: true` in the
    stored file are kept as they are; the others are recomputed.

    Example: compendium align E/RES/2004/28 --write
    """
    from compendium.align import align, alignment_path, format_alignment, read_alignment, version_pairs
    from compendium.files import write_atomic

    corpus = _load_corpus_only(corpus_dir)
    pairs = [(a, b) for a, b in version_pairs(corpus) if a.work == work]
    if not pairs:
        raise click.BadParameter(f"{work} has no two versions in one language in {corpus_dir}")
    failed = False
    for a, b in pairs:
        path = alignment_path(corpus_dir, a, b)
        keep, problems = read_alignment(path, a, b) if path.exists() else (None, [])
        if any(p.is_error for p in problems):
            echo_problems(problems, err=True)
            failed = True
            continue
        alignment, more = align(a, b, keep)
        echo_problems(problems + more, err=True)
        if any(p.is_error for p in more):
            failed = True
            continue
        text = format_alignment(alignment, a, b)
        if write:
            write_atomic(path, text)
            click.echo(f"wrote {path.as_posix()} ({len(alignment.pairs)} pairs, "
                       f"{sum(p.checked for p in alignment.pairs)} checked)")
        else:
            click.echo(text, nl=False)
    if failed:
        raise SystemExit(1)


@main.command("diff")
@corpus_option
@click.argument("a")
@click.argument("b")
def diff_command(corpus_dir: Path, a: str, b: str) -> None:
    """Print what changed from version A to version B: summary, renumbering, word diff per paragraph.

    A and B are expression ids (E-RES-2004-28.draft.en) or SYMBOL@VERSION[.LANG]
    (E/RES/2004/28@draft). Deleted words are shown [-so-], inserted words {+so+}.
    The stored alignment is used when it is up to date.

    Example: compendium diff E/RES/2004/28@draft E/RES/2004/28@adopted
    """
    from compendium.align import stored_or_aligned
    from compendium.diff import compare, format_terminal

    corpus = _load_corpus_only(corpus_dir)
    da, db = _document_or_exit(corpus, a), _document_or_exit(corpus, b)
    alignment, problems = stored_or_aligned(corpus_dir, da, db)
    echo_problems(problems, err=True)
    click.echo(format_terminal(compare(da, db, alignment)), nl=False)


def translations_option(command):
    """The ``--translations DIR`` option of the translate commands."""
    return click.option(
        "--translations",
        "translations_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The translations folder (default: translations/ beside the corpus folder).",
    )(command)


def _translations_dir(corpus_dir: Path, translations_dir: Path | None) -> Path:
    return translations_dir if translations_dir is not None else corpus_dir.parent / "translations"


@main.group()
def translate() -> None:
    """Translations into any language: create, check what is stale, exchange XLIFF 2.0 with translators.

    Example: compendium translate status de
    """


@translate.command("init")
@corpus_option
@translations_option
@click.argument("language")
@click.argument("document")
@click.option("--force", is_flag=True, help="Replace an existing translation file.")
def translate_init(corpus_dir: Path, translations_dir: Path | None, language: str, document: str, force: bool) -> None:
    """Create translations/LANGUAGE/<DOCUMENT id>.yaml: every paragraph's anchor, source text and fingerprint.

    Example: compendium translate init de E/RES/2004/28@adopted
    """
    from compendium.translate import new_translation, translation_path, write_translation

    corpus = _load_corpus_only(corpus_dir)
    source = _document_or_exit(corpus, document)
    if language == source.language:
        raise click.BadParameter(f"{source.id} is already in {language}")
    path = translation_path(_translations_dir(corpus_dir, translations_dir), language, source)
    tf = new_translation(source, language)
    try:
        write_translation(tf, path, force=force)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {path.as_posix()} ({len(tf.units)} paragraphs to translate)")


@translate.command("status")
@corpus_option
@translations_option
@click.argument("language", required=False)
def translate_status(corpus_dir: Path, translations_dir: Path | None, language: str | None) -> None:
    """List per document the paragraphs translated, missing and stale (with the change to the source).

    Official language versions in the corpus count as translations of the English text.

    Example: compendium translate status fr
    """
    from compendium.translate import format_status, status

    corpus = _load_corpus_only(corpus_dir)
    statuses, problems = status(corpus, _translations_dir(corpus_dir, translations_dir), language)
    echo_problems(problems, err=True)
    click.echo(format_status(statuses), nl=False)
    if any(p.is_error for p in problems):
        raise SystemExit(1)


@translate.command("export-xliff")
@corpus_option
@translations_option
@click.argument("language")
@click.argument("document")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The XLIFF file to write.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
def translate_export_xliff(corpus_dir: Path, translations_dir: Path | None, language: str, document: str,
                           out: Path, force: bool) -> None:
    """Write the translation of DOCUMENT into LANGUAGE as XLIFF 2.0 (the translation file need not exist yet).

    Example: compendium translate export-xliff de E/RES/2004/28@adopted --out de.xlf
    """
    from compendium.translate import new_translation, read_translation, translation_path
    from compendium.xliff import write_xliff

    corpus = _load_corpus_only(corpus_dir)
    source = _document_or_exit(corpus, document)
    path = translation_path(_translations_dir(corpus_dir, translations_dir), language, source)
    tf = new_translation(source, language)
    if path.exists():
        tf, problems = read_translation(path)
        echo_problems(problems, err=True)
        if tf is None or any(p.is_error for p in problems):
            raise SystemExit(1)
    try:
        write_xliff(tf, source, out, force=force)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {out.as_posix()}")


@translate.command("import-xliff")
@corpus_option
@translations_option
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def translate_import_xliff(corpus_dir: Path, translations_dir: Path | None, file: Path) -> None:
    """Merge a translated XLIFF 2.0 file into its translation file.

    Refuses (and changes nothing) when a unit's id or source text does not match
    the source the file was made from, naming every such unit.

    Example: compendium translate import-xliff de.xlf
    """
    from compendium.problems import CompendiumError
    from compendium.translate import read_translation, translation_path, write_translation
    from compendium.xliff import import_xliff, parse_xliff

    corpus = _load_corpus_only(corpus_dir)
    data = file.read_bytes()
    source_id, language, _, problems = parse_xliff(data, str(file))
    source = corpus.by_id().get(source_id)
    if source is None or not language:
        echo_problems(problems, err=True)
        click.echo(f"{file}: the file names source {source_id!r} and language {language!r}; "
                   "no such source in the corpus; nothing was imported", err=True)
        raise SystemExit(1)
    path = translation_path(_translations_dir(corpus_dir, translations_dir), language, source)
    tf = None
    if path.exists():
        tf, found = read_translation(path)
        if tf is None or any(p.is_error for p in found):
            echo_problems(found, err=True)
            raise SystemExit(1)
    try:
        tf = import_xliff(data, source, tf, str(file))
    except CompendiumError as exc:
        echo_problems(exc.problems, err=True)
        click.echo(f"{file}: refused; nothing was imported", err=True)
        raise SystemExit(1) from None
    write_translation(tf, path, force=True)
    click.echo(f"updated {path.as_posix()}")


@export.command("citations")
@corpus_option
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True,
              help="Output format.")
def export_citations(corpus_dir: Path, fmt: str) -> None:
    """Print every citation of the corpus as CSV: source, paragraph, relation, target, target_paragraph.

    One row per citing paragraph; a footnote's citations appear under the footnote (fn-N) and
    under each paragraph that references it. Problems go to standard error; nothing is printed
    when the corpus has errors.

    Example: compendium export citations --format csv --corpus resolutions > citations.csv
    """
    from compendium.site import citations_csv

    click.echo(citations_csv(_loaded_or_exit(corpus_dir)), nl=False)


@export.command("mandates")
@corpus_option
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True,
              help="Output format.")
def export_mandates(corpus_dir: Path, fmt: str) -> None:
    """Print every mandate (what an operative paragraph asks of whom, by when) as CSV.

    Columns: symbol, paragraph, date, verb, actor, addressee, what, due, due_year,
    followed_up_by (the later paragraphs taking note of the report asked for).

    Example: compendium export mandates --format csv --corpus resolutions > mandates.csv
    """
    from compendium.mandates import corpus_mandates, mandates_csv

    click.echo(mandates_csv(corpus_mandates(_loaded_or_exit(corpus_dir).corpus)), nl=False)


@main.command("agreed")
@corpus_option
@click.argument("reference")
def agreed_command(corpus_dir: Path, reference: str) -> None:
    """List the earlier paragraphs adopted in the same or nearly the same words as one paragraph.

    REFERENCE is a symbol or expression id and an anchor: E/RES/2004/28#pp-1.
    Prints each earlier paragraph with its similarity and the word diff
    ([-deleted-] {+inserted+}) from it to the paragraph.

    Example: compendium agreed 'E/RES/2004/28#pp-1'
    """
    from compendium import agreed
    from compendium.diff import find_document, word_diff
    from compendium.render import cite_label

    ref, _, anchor = reference.partition("#")
    state = _loaded_or_exit(corpus_dir)
    doc = find_document(state.corpus, ref)
    if doc is None or doc.paragraph(anchor) is None:
        raise click.ClickException(f"{reference}: no such document and paragraph in {corpus_dir}; "
                                   "give a symbol or expression id, '#', and a paragraph anchor (op-12)")
    found = agreed.find(state.corpus)
    matches = found.earlier(agreed.Ref(doc.id, anchor))
    if not matches:
        click.echo(f"{cite_label(doc, doc.paragraph(anchor))}: no earlier paragraph in the same or nearly the same words.")
        return
    for m in matches:
        other, q = agreed.paragraph_of(state.corpus, m.b)
        marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
        text = "".join(marks[o.kind].format(o.text) for o in word_diff(q.text, doc.paragraph(anchor).text))
        click.echo(f"{cite_label(other, q)} ({m.similarity:.0%} the same)\n    {text}\n")


@translate.command("update")
@corpus_option
@translations_option
@click.argument("language")
@click.argument("document")
@click.argument("anchors", nargs=-1)
def translate_update(corpus_dir: Path, translations_dir: Path | None, language: str, document: str,
                     anchors: tuple[str, ...]) -> None:
    """Add the source's new paragraphs to a translation file; mark ANCHORS as revised for the current source.

    After revising the translation of a stale paragraph, name its anchor: the
    file then records the current source text and fingerprint for it.

    Example: compendium translate update de E/RES/2004/28@adopted op-3
    """
    from compendium.translate import read_translation, translation_path, update_translation, write_translation

    corpus = _load_corpus_only(corpus_dir)
    source = _document_or_exit(corpus, document)
    path = translation_path(_translations_dir(corpus_dir, translations_dir), language, source)
    if not path.exists():
        raise click.ClickException(f"{path} does not exist; create it with `compendium translate init`")
    tf, problems = read_translation(path)
    echo_problems(problems, err=True)
    if tf is None or any(p.is_error for p in problems):
        raise SystemExit(1)
    try:
        added, confirmed = update_translation(tf, source, list(anchors))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    write_translation(tf, path, force=True)
    click.echo(f"updated {path.as_posix()}: {len(added)} paragraphs added"
               + (f" ({', '.join(added)})" if added else "") + f", {len(confirmed)} marked revised")


# --- AKN4UN XML (compendium.import_akn, compendium.export_akn) ---


@main.command("import-akn")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "--corpus", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Corpus folder to write into (<organ>/<year>/<slug>.adopted.<lang>.md below it).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Folder the source.file names are relative to (default: the file name only).")
@click.option("--force", is_flag=True, help="Overwrite existing corpus files.")
def import_akn(files: tuple[Path, ...], out_dir: Path, root: Path | None, force: bool) -> None:
    """Import UN resolutions from AKN4UN XML (GA and ECOSOC, any of the six languages).

    Every file is checked to lose no text; a file that is not well-formed, has a
    placeholder adoption date or an unknown structure is reported with the reason
    and skipped, the others are written (temporary file + rename). Exits 1 when
    any file was skipped. An existing corpus file is kept unless --force.

    Example: compendium import-akn ../shared/unxml/ecosoc/2023/English/*.xml --out resolutions --root ../shared/unxml
    """
    from compendium.import_akn import import_batch

    result = import_batch(list(files), out_dir, force=force, root=root)
    for path in result.written:
        click.echo(path.as_posix())
    echo_problems(result.problems, err=True)
    click.echo(f"{len(result.written)} written, {len(result.skipped)} skipped", err=True)
    if not result.ok:
        raise SystemExit(1)


@export.command("akn")
@corpus_option
@click.argument("doc_id")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), help="Write the XML here (default: standard output).")
def export_akn(corpus_dir: Path, doc_id: str, out_file: Path | None) -> None:
    """Write one document of the corpus back as AKN4UN (Akoma Ntoso 3.0) XML, validated against the schema.

    DOC_ID is an expression id (E-RES-2023-23.adopted.en) or a symbol (the
    adopted English text). Exits 1 when the XML does not validate.

    Example: compendium export akn A-RES-78-224.adopted.fr --out A-RES-78-224.fr.xml
    """
    from compendium.export_akn import to_xml, validate
    from compendium.files import write_atomic

    corpus = _load_corpus_only(corpus_dir)
    docs = corpus.by_id()
    doc = docs.get(doc_id) or next((d for d in corpus.documents if d.symbol == doc_id and d.is_primary), None)
    if doc is None:
        raise click.BadParameter(f"no document {doc_id!r} in {corpus_dir}; give an id such as {next(iter(docs), 'E-RES-2004-28.adopted.en')}")
    xml = to_xml(doc)
    errors = validate(xml)
    for message in errors:
        click.echo(f"{doc.path.as_posix()}: error: exported XML invalid against akomantoso30.xsd, line {message}", err=True)
    if out_file:
        write_atomic(out_file, xml.decode("utf-8"))
    else:
        click.echo(xml.decode("utf-8"), nl=False)
    if errors:
        raise SystemExit(1)


# --------------------------------------------------------------------------- curriculum packs, PDF, offline edition


def _pack_file(pack: str) -> Path:
    """A pack argument as a file: a path to a YAML file, or an id under docs/curricula/."""
    from compendium.packs import PACKS_FOLDER

    path = Path(pack)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    return Path("docs") / PACKS_FOLDER / f"{pack}.yaml"


def _resolve_or_exit(corpus: Corpus, refs: tuple[str, ...]) -> None:
    from compendium.packs import Lookup

    lookup = Lookup(corpus)
    bad = [(ref, found) for ref in refs if isinstance(found := lookup.resolve(ref), str)]
    for ref, why in bad:
        click.echo(f"error: reference {ref} does not resolve: {why}", err=True)
    if bad:
        raise SystemExit(1)


@main.group()
def pack() -> None:
    """Curriculum packs (docs/curricula/*.yaml): create, add references, check, print to PDF.

    Example: compendium pack check
    """


@pack.command("new")
@corpus_option
@click.argument("pack_id")
@click.option("--title", required=True, help="The pack's title.")
@click.option("--ref", "refs", multiple=True, help="A reference for the first session (repeatable), checked against the corpus.")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/curricula"),
              show_default=True, help="The packs' folder.")
def pack_new(corpus_dir: Path, pack_id: str, title: str, refs: tuple[str, ...], folder: Path) -> None:
    """Write a new pack file, docs/curricula/PACK_ID.yaml, with every key to fill in.

    References given with --ref must resolve in the corpus; an existing file is never overwritten.

    Example: compendium pack new police-use-of-force --title "Police and the use of force" --ref E/RES/1993/34#sec-iii-op-8-a-ii
    """
    from compendium.packs import PACK_ID, add_reference, read_pack, scaffold

    if not PACK_ID.match(pack_id):
        raise click.BadParameter(f"{pack_id!r}: use lower-case letters, digits and hyphens (police-use-of-force)")
    path = folder / f"{pack_id}.yaml"
    if path.exists():
        raise click.ClickException(f"{path} exists already: edit it, or add references with `compendium pack add`")
    if refs:
        _resolve_or_exit(_load_corpus_only(corpus_dir), refs)
    text = scaffold(title)
    for ref in refs:
        text = add_reference(text, ref, 1)
    _, problems = read_pack(path, text)
    if problems:  # the scaffold itself must be valid
        echo_problems(problems, err=True)
        raise SystemExit(1)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {path}")


@pack.command("add")
@corpus_option
@click.argument("pack_ref", metavar="PACK")
@click.argument("ref")
@click.option("--session", type=int, default=1, show_default=True, help="The session (1-based) to add the reference to.")
def pack_add(corpus_dir: Path, pack_ref: str, ref: str, session: int) -> None:
    """Add a reference (WORK or WORK#anchor) to a session of a pack, after checking it resolves.

    PACK is the pack's file or its id. The file keeps its comments and layout.

    Example: compendium pack add victims-of-crime A/RES/76/181#annex-op-31 --session 2
    """
    from compendium.packs import add_reference, read_pack

    path = _pack_file(pack_ref)
    if not path.is_file():
        raise click.ClickException(f"no pack file {path}: create it with `compendium pack new`")
    _resolve_or_exit(_load_corpus_only(corpus_dir), (ref,))
    text = path.read_text(encoding="utf-8")
    try:
        new = add_reference(text, ref, session)
    except ValueError as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    _, problems = read_pack(path, new)
    if problems:
        echo_problems(problems, err=True)
        raise SystemExit(1)
    path.write_text(new, encoding="utf-8")
    click.echo(f"{path}: added {ref} to session {session}")


@pack.command("check")
@corpus_option
@click.argument("packs", nargs=-1, metavar="[PACK]...")
def pack_check(corpus_dir: Path, packs: tuple[str, ...]) -> None:
    """Check packs (all of docs/curricula by default): schema, and every reference against the corpus.

    Prints path:line: error: message for each problem; exits 1 when there is one.

    Example: compendium pack check docs/curricula/victims-of-crime.yaml
    """
    from compendium.packs import check_packs, read_pack, read_packs

    if packs:
        found, problems = [], []
        for name in packs:
            p, pr = read_pack(_pack_file(name))
            problems += pr
            found += [p] if p else []
    else:
        found, problems = read_packs(Path("docs/curricula"))
    problems += check_packs(found, _load_corpus_only(corpus_dir))
    echo_problems(problems)
    click.echo(f"{len(found)} pack{'s' * (len(found) != 1)}, {summary(problems)}")
    if problems:
        raise SystemExit(1)


def _site_option(command):
    return click.option("--site", "site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
                        help="A site built already (mkdocs build); default: build one now.")(command)


def _config_option(command):
    return click.option("--config", "config", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                        default="mkdocs.yml", show_default=True, help="The MkDocs configuration to build with.")(command)


@pack.command("pdf")
@corpus_option
@click.argument("pack_ref", metavar="PACK")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The PDF file to write.")
@_site_option
@_config_option
def pack_pdf_command(corpus_dir: Path, pack_ref: str, out: Path, site_dir: Path | None, config: Path) -> None:
    """Print a pack to PDF with headless Chromium: contents with page numbers, page N of M on every page.

    Builds the site (with the corpus and the pack's folder) unless --site names a built one.

    Example: compendium pack pdf docs/curricula/victims-of-crime.yaml --out victims-of-crime.pdf
    """
    import tempfile

    from compendium.offline import build_site
    from compendium.pdf import pack_pdf
    from compendium.problems import CompendiumError

    path = _pack_file(pack_ref)
    if not path.is_file():
        raise click.ClickException(f"no pack file {path}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            site = site_dir or build_site(config, corpus_dir, Path(tmp) / "site", packs=path.parent)
            result = pack_pdf(site, path.stem, out)
    except CompendiumError as exc:
        echo_problems(exc.problems, err=True)
        raise SystemExit(1) from None
    pages = f"{result.pages} pages, " if result.pages else ""
    click.echo(f"wrote {result.path} ({pages}{result.size} bytes)")


@main.command("offline")
@corpus_option
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The zip file to write.")
@_site_option
@_config_option
def offline_command(corpus_dir: Path, out: Path, site_dir: Path | None, config: Path) -> None:
    """Write the offline edition: the whole site in a zip that works opened from the file system, search included.

    Builds the site unless --site names a built one (it is copied, not changed).

    Example: compendium offline --out compendium-offline.zip
    """
    import tempfile

    from compendium.offline import build_site, write_zip
    from compendium.problems import CompendiumError

    try:
        with tempfile.TemporaryDirectory() as tmp:
            site = site_dir or build_site(config, corpus_dir, Path(tmp) / "site")
            result = write_zip(site, out)
    except CompendiumError as exc:
        echo_problems(exc.problems, err=True)
        raise SystemExit(1) from None
    click.echo(f"wrote {result.path} ({result.size} bytes, {result.pages} pages); open compendium-offline/index.html from it")
