"""Declarative calculator specs: the one source of truth for a calculator's inputs and outputs.

A spec drives the web form (rendered by the generator), validation on CPython and in Pyodide,
the CLI, JSON Schema and the docs. Nothing here touches the browser, files or pandas.

Every page with a calculator imports this module before it is ready, so it is kept quick to import:
its classes are records (`calculators.core.record`), which Python defines without compiling any code.
"""

import math
import re
from typing import Any, Callable, Mapping

from calculators.core.record import field, record, replace

INPUT_KINDS = ("number", "text", "choice", "table", "file", "mapping")
OUTPUT_KINDS = ("summary", "table", "chart", "download", "highlights", "mapping", "notices")


@record(frozen=True)
class Choice:
    """One option of a choice input: the value sent to the calculator and the label shown."""

    value: str
    label: str
    hint: str = ""


@record(frozen=True)
class Input:
    """One input of a calculator.

    kinds:
    - number: a decimal or whole number (`integer=True`), with `minimum`/`maximum`.
    - text: free text, up to `max_length` characters (`multiline=True` for a textarea).
    - choice: one of `choices` (`multiple=True` for checkboxes; the value is then a list).
    - table: rows of `columns` (each column is itself a number/text/choice Input);
      the value is a list of dicts keyed by column name. `min_rows`/`max_rows` bound it.
    - file: the text of a file the user picks (`accept` lists extensions, `max_bytes` the limit).
      The browser reads it locally; the value is the file's text (or "" when none is chosen).
    - mapping: a dict {key: choice value}, asked for only when a result needs it (for example
      "which group is this unrecognised answer in?"). Rendered from a `mapping` output.
    """

    name: str
    kind: str
    label: str
    hint: str = ""
    required: bool = True
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    max_length: int | None = None
    multiline: bool = False
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    columns: tuple["Input", ...] = ()
    min_rows: int = 0
    max_rows: int | None = None
    accept: tuple[str, ...] = ()
    max_bytes: int | None = None
    choices_from: str = ""  # take choices from content data: content[choices_from] = [{"id", "label"}]
    group: str = ""  # inputs sharing a group are shown together in one fieldset
    depends_on: Mapping[str, str] = field(default_factory=dict)  # show when {input: value}

    def __post_init__(self) -> None:
        if self.kind not in INPUT_KINDS:
            raise ValueError(f"input {self.name!r}: unknown kind {self.kind!r}; use one of {INPUT_KINDS}")
        if self.kind == "choice" and not (self.choices or self.choices_from):
            raise ValueError(f"input {self.name!r}: a choice needs choices")
        if self.kind == "table" and not self.columns:
            raise ValueError(f"input {self.name!r}: a table needs columns")


@record(frozen=True)
class Output:
    """One output a calculator produces (documentation and rendering hints).

    kinds: summary (plain-English sentences), table, chart (data for an accessible chart,
    always paired with a table), download (a file made locally), highlights (marked-up text
    spans), mapping (follow-up questions for a mapping input), notices (warnings and notes).
    """

    name: str
    kind: str
    label: str
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind not in OUTPUT_KINDS:
            raise ValueError(f"output {self.name!r}: unknown kind {self.kind!r}; use one of {OUTPUT_KINDS}")


@record(frozen=True)
class CalculatorSpec:
    """A calculator: what it asks for, what it gives back, and the function that does the work."""

    id: str  # url slug, e.g. "representation-gap"
    title: str
    summary: str  # one sentence, shown on the calculator page and in lists
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    run: Callable[[dict, dict], dict]  # (validated values, content data) -> result (calculators.core.result)
    description: str = ""  # Markdown shown above the form
    method: str = ""  # Markdown: how the figures are worked out
    cli_file_input: str = ""  # the input a CLI file argument fills (for example "upload")
    test_only: bool = False  # built only into test sites (for example a calculator that hangs)
    timeout_seconds: int = 30  # the browser's watchdog stops a calculation that runs longer
    can_save: bool = False  # offer opt-in "save my answers in this browser" (localStorage only)
    warm: Callable[[dict], Any] | None = None  # slow one-off set-up (content) -> done while the page is idle

    def input(self, name: str) -> Input:
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(name)


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


# --- Reading what people type: invisible characters and numbers ----------------------------------

# Characters nobody can see that make two names which look the same different: NUL and other
# control characters, zero-width spaces and joiners, the byte order mark, soft hyphens, bidi
# controls, Unicode "tag" characters and lone surrogates (which cannot even be saved as UTF-8).
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                       "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]")
MAX_DIGITS = 300  # a number with more digits than this is a mistake, whatever it was meant to be
_notes: list | None = None  # notes collected while `run` runs a calculator (see `note`)


def clean_text(text: str) -> tuple[str, int]:
    """Text with invisible characters removed (line breaks and tabs kept) and letters written in
    Unicode's composed form (NFC), so "Caf\u00e9" typed two ways is one name. Returns (text, how many
    characters were removed or recomposed)."""
    cleaned, removed = INVISIBLE.subn("", text)
    if not cleaned.isascii():
        import unicodedata  # only for text that needs it: importing it costs start-up time in the browser

        composed = unicodedata.normalize("NFC", cleaned)
        if composed != cleaned:
            removed += max(1, len(cleaned) - len(composed))
            cleaned = composed
    return cleaned, removed


def note(text: str) -> None:
    """Add a plain-English note to the result of the calculator `run` is running (for example that
    invisible characters were removed from names). Outside `run` it does nothing."""
    if _notes is not None and text not in _notes:
        _notes.append(text)


def _shown(raw: Any, limit: int = 40) -> str:
    text = str(raw)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class NumberError(ValueError):
    """A number that cannot be read, or could be read two ways; the message says what it could mean
    (without saying where: the caller adds the field, line and column). `not_a_number` is True for
    text that is no number at all ("ten")."""

    def __init__(self, message: str, not_a_number: bool = False):
        super().__init__(message)
        self.not_a_number = not_a_number


_GROUPED = re.compile(r"[0-9]{1,3}(?:[.,' \u00a0\u202f\u2009][0-9]{3})+")
_SPACES = " \u00a0\u202f\u2009"


def read_number(text: str, decimal: str = ".") -> int | float:
    """A number as people write it: "1,234", "12.0", "1 234" and, where `decimal` is ",",
    "12,0" and "1.234". `decimal` is the file's decimal mark: ".", "," or "" when unknown.

    Only one reading is accepted. A cell that could be read two ways ("1.000": 1000 or 1?) or that
    holds two numbers ("1 2") raises NumberError saying what it could mean; so do numbers with more
    than MAX_DIGITS digits. Returns an int when the value is whole, else a float."""
    raw = text
    text = text.strip().strip(_SPACES)
    sign = 1
    if text[:1] in ("-", "\u2212"):
        sign, text = -1, text[1:].lstrip()
    elif text[:1] == "+":
        text = text[1:].lstrip()
    if not re.fullmatch(r"[0-9](?:[0-9.,' \u00a0\u202f\u2009]*[0-9])?", text):
        try:
            value = float(raw.strip())
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            raise NumberError(f"\u201c{_shown(raw)}\u201d is not a number", not_a_number=True) from None
        raise NumberError(f"\u201c{_shown(raw)}\u201d is not written as plain digits; write it as a plain number, "
                          f"for example {_fmt(value) if abs(value) < 1e15 else '1234'}")
    digits = sum(ch in "0123456789" for ch in text)
    if digits > MAX_DIGITS:
        raise NumberError(f"the number has {digits:,} digits, far too many to be a real figure")
    seps = [ch for ch in text if ch not in "0123456789"]
    if not seps:
        whole, fraction = text, ""
    elif any(ch in _SPACES for ch in seps) and not all(ch in _SPACES for ch in seps):
        whole, fraction = _split_mixed(text, raw)
    elif len(set(seps)) == 1:
        mark = seps[0]
        groups = text.split(mark)
        if mark in _SPACES or mark == "'":
            if not _GROUPED.fullmatch(text):
                parts = " and ".join(groups[:3])
                raise NumberError(f"\u201c{_shown(raw)}\u201d has a space inside it: it could be {''.join(groups)}, "
                                  f"or two numbers ({parts}). Write one number, without spaces")
            whole, fraction = "".join(groups), ""
        elif len(groups) > 2:
            if not _GROUPED.fullmatch(text):
                raise NumberError(f"\u201c{_shown(raw)}\u201d is not a number: the {_mark_name(mark)}s are in the wrong places")
            whole, fraction = "".join(groups), ""  # only thousands can be grouped more than once
        else:
            before, after = groups
            if len(after) == 3 and before[0] != "0" and len(before) <= 3:  # 1,234 or 1.234: thousands or a decimal?
                if not decimal or mark == decimal:
                    raise NumberError(_two_readings(raw, before, after, mark))
                whole, fraction = before + after, ""  # the file writes thousands this way
            elif decimal and mark != decimal:  # "40,5" where numbers use a decimal point
                raise NumberError(f"\u201c{_shown(raw)}\u201d probably means {before}.{after} (with a decimal {_mark_name(mark)}), "
                                  f"but numbers here use a decimal {_mark_name(decimal)}, so it could also be a mistyped "
                                  f"{before}{after}. Write it with a decimal {_mark_name(decimal)} or with no mark at all")
            else:
                whole, fraction = before, after
    else:
        whole, fraction = _split_mixed(text, raw)
    whole = whole.lstrip("0") or "0"
    if fraction.strip("0"):
        value = sign * float(f"{whole}.{fraction}")
        return value
    return sign * int(whole)


def _split_mixed(text: str, raw: str) -> tuple[str, str]:
    """Both marks in one number, "1,234.5" or "1.234,5": the last mark is the decimal one."""
    last = max(text.rfind("."), text.rfind(","))
    if last < 0:  # spaces and apostrophes only: thousands
        if not _GROUPED.fullmatch(text):
            raise NumberError(f"\u201c{_shown(raw)}\u201d is not a number: its marks between the digits are in the wrong places")
        return re.sub(r"[^0-9]", "", text), ""
    head, fraction = text[:last], text[last + 1:]
    if not _GROUPED.fullmatch(head) or text[last] in head:
        raise NumberError(f"\u201c{_shown(raw)}\u201d is not a number: its marks between the digits are in the wrong places")
    return re.sub(r"[^0-9]", "", head), fraction


def _mark_name(mark: str) -> str:
    return {".": "point", ",": "comma", "'": "apostrophe"}.get(mark, "space")


def _two_readings(raw: str, before: str, after: str, mark: str) -> str:
    small = f"{before}.{after}".rstrip("0").rstrip(".")
    return (f"\u201c{_shown(raw)}\u201d could mean {before}{after} (with a {_mark_name(mark)} between the thousands) or "
            f"{small} (with a decimal {_mark_name(mark)}). Write it without the {_mark_name(mark)}, for example {before}{after}")


def _number(spec: Input, raw: Any, where: str) -> float | int | None:
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(f"{where} must be a number, not \u201c{_shown(raw)}\u201d")
    if isinstance(raw, int):
        if abs(raw).bit_length() > 997:  # more than MAX_DIGITS (300) digits
            raise ValueError(f"{where} must be a number of at most {MAX_DIGITS} digits")
        value: int | float = raw
    elif isinstance(raw, float):
        value = raw
    else:
        try:
            value = read_number(raw)
        except NumberError as exc:
            raise ValueError(f"{where} must be a number, not \u201c{_shown(raw)}\u201d" if exc.not_a_number else f"{where}: {exc}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where} must be a finite number")
    if spec.integer:
        if value != int(value):
            raise ValueError(f"{where} must be a whole number, not {_shown(raw)}")
        value = int(value)
    if spec.minimum is not None and value < spec.minimum:
        raise ValueError(f"{where} must be {_fmt(spec.minimum)} or more")
    if spec.maximum is not None and value > spec.maximum:
        raise ValueError(f"{where} must be {_fmt(spec.maximum)} or less")
    return value


INVISIBLE_NOTE = ("Invisible characters (such as zero-width spaces, NUL or other control characters) were removed from "
                  "{where}, and any accented letter written in two ways was made one, so names that look the same are "
                  "counted as one. They are not in the downloads.")


def _kind_of(value: Any) -> str:
    if isinstance(value, str):
        return f"the text \u201c{_shown(value)}\u201d"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, (list, tuple)) else "a set of values"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def resolve_choices(spec: Input, content: Mapping[str, Any]) -> tuple[Choice, ...]:
    """The options of a choice input, from the spec or from the content data it names."""
    if not spec.choices_from:
        return spec.choices
    return tuple(Choice(str(i["id"]), str(i["label"]), str(i.get("hint", ""))) for i in content.get(spec.choices_from, ()))


def _scalar(spec: Input, raw: Any, where: str, content: Mapping[str, Any]) -> Any:
    """Check one non-table value; raise ValueError with a message naming `where`."""
    if spec.kind == "number":
        value = _number(spec, raw, where)
    elif spec.kind == "choice":
        allowed = {c.value for c in resolve_choices(spec, content)}
        if spec.multiple:
            values = [] if raw in (None, "") else list(raw if isinstance(raw, (list, tuple)) else [raw])
            values = [v if isinstance(v, str) else _shown(v) for v in values]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ValueError(f"{where}: \u201c{bad[0]}\u201d is not one of the options")
            value = values or None
        else:
            value = None if raw is None or raw == "" else str(raw)
            if value is not None and value not in allowed:
                raise ValueError(f"{where}: \u201c{_shown(raw)}\u201d is not one of the options")
    elif spec.kind == "mapping":
        if raw in (None, ""):
            value = None
        elif isinstance(raw, Mapping):
            value = {}
            for k, v in raw.items():
                if v is None or v == "":
                    continue
                if isinstance(v, (dict, list)):
                    raise ValueError(f"{where}: the answer for \u201c{_shown(k)}\u201d must be text, not {_shown(v)}")
                key, changed = clean_text(str(k))
                answer, changed_too = clean_text(str(v))
                if changed or changed_too:
                    note(INVISIBLE_NOTE.format(where=f"your answers to \u201c{spec.label}\u201d"))
                value[key] = answer
        else:
            raise ValueError(f"{where} must be a set of answers")
    else:  # text, file
        if isinstance(raw, (dict, list)):
            raise ValueError(f"{where} must be text, not a {'list' if isinstance(raw, list) else 'set of values'}")
        value = "" if raw is None else str(raw)
        if spec.kind == "text" and not spec.multiline:  # a name, not prose: no invisible characters in it
            value, changed = clean_text(value)
            if changed:
                note(INVISIBLE_NOTE.format(where=f"what you typed as \u201c{spec.label}\u201d"))
        limit = spec.max_bytes if spec.kind == "file" else spec.max_length
        size = len(value.encode("utf-8")) if spec.kind == "file" else len(value)
        if limit is not None and size > limit:
            unit = "bytes" if spec.kind == "file" else "characters"
            raise ValueError(f"{where} is too long: {size:,} {unit}, the limit is {limit:,}")
        value = value if value.strip() else None
    if value is None and spec.required:
        label = spec.label if spec.label[1:2].isupper() else spec.label[0].lower() + spec.label[1:]  # "CSV file" stays
        if spec.kind == "file":
            raise ValueError(f"Choose a {label}: none was given, or it is empty")
        raise ValueError(f"Enter {label}" if spec.kind != "choice" else f"Select {label}")
    return spec.default if value is None and spec.default is not None else value


def validate(spec: CalculatorSpec, raw: Mapping[str, Any], content: Mapping[str, Any]) -> dict:
    """Check raw form values against the spec. Returns clean values or raises InputErrors
    holding every problem at once, each naming its field (and row and column for tables)."""
    if not isinstance(raw, Mapping):
        raise InputError(None, "The inputs must be a set of named values (a JSON object such as "
                               f"{{\"{spec.inputs[0].name}\": ...}}), not {_kind_of(raw)}.")
    values: dict[str, Any] = {}
    errors: list[InputError] = []
    for item in spec.inputs:
        if item.depends_on and any(str(raw.get(k)) != v for k, v in item.depends_on.items()):
            values[item.name] = item.default
            continue
        given = raw.get(item.name)
        if item.kind != "table":
            try:
                values[item.name] = _scalar(item, given, item.label, content)
            except ValueError as exc:
                errors.append(InputError(item.name, str(exc)))
            continue
        if given is not None and given != "" and not isinstance(given, (list, tuple)):
            errors.append(InputError(item.name, f"{item.label} must be a list of rows, not {_kind_of(given)}."))
            values[item.name] = []
            continue
        bad = [i for i, r in enumerate(given or [], start=1) if r is not None and not isinstance(r, Mapping)]
        if bad:
            errors.append(InputError(item.name, f"Row {bad[0]} of {item.label.lower()} must be a set of named values "
                                                f"(such as {{\"{item.columns[0].name}\": ...}}), not {_kind_of(given[bad[0] - 1])}.",
                                     row=bad[0]))
            values[item.name] = []
            continue
        rows = list(given or [])
        rows = [r for r in rows if any(str(v).strip() for v in (r or {}).values() if v is not None)]
        clean_rows = []
        for index, row in enumerate(rows, start=1):
            clean = {}
            for col in item.columns:
                try:
                    clean[col.name] = _scalar(col, row.get(col.name), f"Row {index}, {col.label.lower()}", content)
                except ValueError as exc:
                    errors.append(InputError(item.name, str(exc), row=index, column=col.name))
            clean_rows.append(clean)
        if item.required and len(clean_rows) < max(1, item.min_rows):
            need = max(1, item.min_rows)
            errors.append(InputError(item.name, f"Enter at least {need} row{'s' if need > 1 else ''} in {item.label.lower()}"))
        if item.max_rows is not None and len(clean_rows) > item.max_rows:
            errors.append(InputError(item.name, f"{item.label} can have at most {item.max_rows} rows"))
        values[item.name] = clean_rows
    if errors:
        raise InputErrors(errors)
    return values


def run(spec: CalculatorSpec, raw: Mapping[str, Any], content: Mapping[str, Any]) -> dict:
    """Validate then run: {"ok": True, "result": ...} or {"ok": False, "errors": [...]}.

    Used unchanged by the browser worker, the CLI and the tests, so all three agree."""
    global _notes
    outer, _notes = _notes, []
    try:
        values = validate(spec, raw, content)
        outcome = spec.run(values, content)
        notices = outcome.get("notices") if isinstance(outcome, dict) else None
        if _notes and isinstance(notices, list):
            notices.extend({"text": text, "links": []} for text in _notes)
        return {"ok": True, "result": outcome}
    except InputErrors as exc:
        return {"ok": False, "errors": [e.as_dict() for e in exc.errors]}
    except InputError as exc:
        return {"ok": False, "errors": [exc.as_dict()]}
    finally:
        _notes = outer


def without_size_limits(spec: CalculatorSpec) -> CalculatorSpec:
    """The spec without the browser's file-size limits, for the CLI and analysts, who can read a
    file of any size on their own computer."""
    return replace(spec, inputs=tuple(replace(i, max_bytes=None) if i.kind == "file" else i for i in spec.inputs))


def to_json_schema(spec: CalculatorSpec, content: Mapping[str, Any]) -> dict:
    """JSON Schema of a calculator's inputs, for analysts calling the CLI with --json input."""

    def one(item: Input) -> dict:
        if item.kind == "number":
            out: dict[str, Any] = {"type": "integer" if item.integer else "number"}
            if item.minimum is not None:
                out["minimum"] = item.minimum
            if item.maximum is not None:
                out["maximum"] = item.maximum
        elif item.kind == "choice":
            enum = {"enum": [c.value for c in resolve_choices(item, content)]}
            out = {"type": "array", "items": enum} if item.multiple else dict(enum)
        elif item.kind == "table":
            out = {"type": "array", "items": {"type": "object", "properties": {c.name: one(c) for c in item.columns}}}
            if item.max_rows:
                out["maxItems"] = item.max_rows
        elif item.kind == "mapping":
            out = {"type": "object", "additionalProperties": {"type": "string"}}
        else:
            out = {"type": "string"}
            if item.max_length:
                out["maxLength"] = item.max_length
        out["title"] = item.label
        if item.hint:
            out["description"] = item.hint
        if item.default is not None:
            out["default"] = item.default
        return out

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": spec.title,
        "description": spec.summary,
        "type": "object",
        "properties": {i.name: one(i) for i in spec.inputs},
        "required": [i.name for i in spec.inputs if i.required and not i.depends_on],
    }
