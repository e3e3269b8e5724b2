"""Problems found in the corpus, reported as ``path:line: severity: message``.

Every stage collects problems instead of stopping at the first one; the CLI
and the MkDocs hooks print them all and fail once (like MkDocs' config loader).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(str, enum.Enum):
    """How bad a problem is: errors fail ``compendium check`` and ``mkdocs build``; warnings fail ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: Path | str
    line: int
    message: str
    """What is wrong and what to do about it."""
    severity: Severity = Severity.ERROR
    code: str = ""
    """A short stable name of the kind of problem (``numbering-gap``), for tests and filtering."""

    def format(self, root: Path | None = None) -> str:
        """``path:line: error: message``, the path relative to ``root`` when it lies below it."""
        path = Path(self.path)
        if root is not None:
            try:
                path = path.resolve().relative_to(Path(root).resolve())
            except ValueError:
                pass
        return f"{path.as_posix()}:{self.line}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True for errors (as opposed to warnings)."""
        return self.severity == Severity.ERROR


class CompendiumError(Exception):
    """Raised by a stage that cannot go on; carries the problems that stopped it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def error(path: Path | str, line: int, message: str, code: str = "") -> Problem:
    """An error at ``path:line``."""
    return Problem(path, line, message, Severity.ERROR, code)


def warning(path: Path | str, line: int, message: str, code: str = "") -> Problem:
    """A warning at ``path:line``."""
    return Problem(path, line, message, Severity.WARNING, code)


def summary(problems: list[Problem]) -> str:
    """The closing count line: ``2 errors, 1 warning``."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
