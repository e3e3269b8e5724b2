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
