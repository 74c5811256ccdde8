"""Declarative calculator specs: the one source of truth for a calculator's inputs and outputs.

A spec drives the web form (rendered by the generator), validation on CPython and in Pyodide,
the CLI, JSON Schema and the docs. Nothing here touches the browser, files or pandas.

Every page with a calculator imports this module before it is ready, so it is kept quick to import:
its classes are records (`calculators.core.record`), which Python defines without compiling any code.
"""

from typing import Any, Callable, Mapping

from calculators.core.errors import InputError, InputErrors  # noqa: F401 - calculators import them from here
from calculators.core.record import field, record, replace
from calculators.core.typed import (INVISIBLE, INVISIBLE_NOTE, MAX_DIGITS, NumberError, _kind_of, _number, _shown,  # noqa: F401
                                    clean_text, read_number)

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
    hint: str | Callable[[Mapping], str] = ""  # a function of the content data when it quotes content (for_content)
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
    # Markdown shown above the form, and how the figures are worked out. Either may be a function of
    # the content data when it quotes content (page_text gives the text for the page).
    description: str | Callable[[Mapping], str] = ""
    method: str | Callable[[Mapping], str] = ""
    cli_file_input: str = ""  # the input a CLI file argument fills (for example "upload")
    test_only: bool = False  # built only into test sites (for example a calculator that hangs)
    timeout_seconds: int = 30  # the browser's watchdog stops a calculation that runs longer
    can_save: bool = False  # offer opt-in "save my answers in this browser" (localStorage only)
    warm: Callable[[dict], Any] | None = None  # slow one-off set-up (content) -> done while the page is idle
    # Every page the results can link to, other than those read from the content data: name ->
    # "intervention:<slug>" or "calculator:<id>". The calculator uses them by name (spec.links[name]);
    # the build fails, naming the calculator and the link, when one points to a page that does not exist.
    links: Mapping[str, str] = field(default_factory=dict)

    def input(self, name: str) -> Input:
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(name)


def for_content(spec: CalculatorSpec, content: Mapping[str, Any]) -> CalculatorSpec:
    """The spec as its page shows it for this content: a description, method or input hint that is a
    function of the content data (because it quotes content, such as the SEB grouping or reference
    figures) is written out."""
    def text(value):
        return value(content) if callable(value) else value

    def shown(item: Input) -> Input:
        return replace(item, hint=text(item.hint), columns=tuple(shown(c) for c in item.columns))

    return replace(spec, description=text(spec.description), method=text(spec.method), inputs=tuple(shown(i) for i in spec.inputs))


_notes: list | None = None  # notes collected while `run` runs a calculator (see `note`)


def note(text: str) -> None:
    """Add a plain-English note to the result of the calculator `run` is running (for example that
    invisible characters were removed from names). Outside `run` it does nothing."""
    if _notes is not None and text not in _notes:
        _notes.append(text)


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
