"""What a calculator raises when the user's input is wrong: the worker, the CLI and the tests show
these without losing what the user entered."""
from __future__ import annotations


class InputError(Exception):
    """A problem with what the user entered. Names the field, and the row and column if any.

    `row` is 1-based as the user sees it (table row or file line). Raise one, or an
    `InputErrors` holding several, from a calculator; the worker, the CLI and the tests show
    them without losing the user's inputs.
    """

    def __init__(self, field: str, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.field, self.message, self.row, self.column = field, message, row, column

    def as_dict(self) -> dict:
        return {"field": self.field, "message": self.message, "row": self.row, "column": self.column}


class InputErrors(Exception):
    def __init__(self, errors: list[InputError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
