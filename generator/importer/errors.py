"""The one error the importer raises for bad input: it carries a message a person can act on."""

from __future__ import annotations


class ImportProblem(Exception):
    """Bad input: the CLI prints the message (naming file and line) and exits with status 2."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
