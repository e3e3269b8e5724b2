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


def load_checked(corpus_dir: Path) -> tuple[Corpus, list[Problem]]:
    """Load, check and link the corpus once; every problem found on the way."""
    from compendium.check import check_corpus
    from compendium.load import load_corpus

    corpus, problems = load_corpus(corpus_dir)
    problems = problems + check_corpus(corpus)
    try:
        from compendium.link import link_corpus
    except ImportError:  # the linker is optional for checking the corpus format
        link_corpus = None
    if link_corpus is not None:
        problems += link_corpus(corpus).problems
    return corpus, sorted(problems, key=lambda p: (str(p.path), p.line))


def echo_problems(problems: list[Problem], err: bool = False) -> None:
    """Print ``path:line: severity: message`` for each problem (paths relative to the working directory)."""
    cwd = Path.cwd()
    for p in problems:
        click.echo(p.format(root=cwd), err=err)


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
    _, problems = load_checked(corpus_dir)
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

    corpus, problems = load_checked(corpus_dir)
    echo_problems(problems, err=True)
    if any(p.is_error for p in problems):
        click.echo(summary(problems), err=True)
        raise SystemExit(1)
    click.echo(json.dumps(corpus_json(corpus), ensure_ascii=False, indent=2))


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
