"""The representation gap: how the socio-economic background (SEB) of your people compares with a
benchmark, level by level (and by function and region), with the progression gap.

Input comes as counts typed per level, as a CSV file (one row per response, or counts per level,
or per level x function x region) or as cells pasted from a spreadsheet. Everything shown,
charted or downloaded goes through calculators.shared.suppression first.

The calculator is split by job: headers (the column names it recognises), reading (the three input
shapes), levels (total rows and the order of levels), benchmark, figures, wording, report, exports
and method; counts names the four answer columns. This module is the spec and the entry points.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from calculators.core.result import SUPPRESSED, mapping, result, sentence
from calculators.shared.mapping_inputs import MAPPING_INPUTS
from calculators.core.spec import CalculatorSpec, Choice, Input, InputError, Output, without_size_limits
from calculators.representation import year_on_year
from calculators.representation.benchmark import choose_benchmark
from calculators.representation.constants import CLI_COMMAND, ID, MAX_CATEGORIES, MAX_UPLOAD_BYTES  # noqa: F401
from calculators.representation.counts import COLUMNS, GROUPS, NOT_GIVEN, UNKNOWN, Workforce, known  # noqa: F401
from calculators.representation.figures import Row, breakdowns, missing_people  # noqa: F401
from calculators.representation.levels import apply_level_order, drop_total_rows
from calculators.representation.method import METHOD_PLAIN, method  # noqa: F401
from calculators.representation.reading import from_form, from_text
from calculators.representation.report import build_report
from calculators.shared import seb as seb_grouping
from calculators.shared.characteristics import characteristics_from
from calculators.shared.suppression import DEFAULT_THRESHOLD, MIN_THRESHOLD, check_threshold

_breakdowns = breakdowns  # the name tests and bench/disclosure.py import


def run(values: dict, content: dict) -> dict:
    """The calculator. The 50 MB file limit is the spec's (`max_bytes` of the upload): the browser
    refuses a bigger file before reading it and points to the command line."""
    return analyse(values, content)


def analyse(values: Mapping[str, Any], content: Mapping[str, Any]) -> dict:
    """The calculator on values already checked against the spec (or against `unlimited_spec()`)."""
    threshold = check_threshold(values.get("threshold") or DEFAULT_THRESHOLD)
    benchmark = choose_benchmark(values, content)
    grouping = seb_grouping.grouping_from(content)
    source = values.get("source") or "form"
    if source == "file":
        data = from_text(values.get("upload") or "", "upload", values, grouping, characteristics_from(content))
    elif source == "paste":
        data = from_text(values.get("paste") or "", "paste", values, grouping, characteristics_from(content))
    else:
        data = from_form(values.get("levels") or [])
        drop_total_rows(data)
        apply_level_order(data, values.get("level_order"), "levels", ordered_by_user=True)
    answer_question = _answer_question(data, grouping, threshold)
    if not data.cells:  # the columns could not be matched yet
        return result(notices=data.notices, mappings=[m for m in (data.column_question,) if m])
    field_name = {"file": "upload", "paste": "paste"}.get(source, "levels")
    if all(known(c) == 0 for c in data.cells.values()):
        message = ("None of the answers says which group a person is in: every answer is \u201cother\u201d, "
                   "\u201cI don\u2019t know\u201d or \u201cprefer not to say\u201d")
        if data.unrecognised:
            return result(notices=data.notices + [sentence(message + ", or is not recognised. Sort the unrecognised answers below.")],
                          mappings=[m for m in (answer_question, data.column_question) if m])
        raise InputError(field_name, message + ". There is nothing to compare with the benchmark yet.")
    last_year = None
    if str(values.get("compare") or "").strip():
        last_year = year_on_year.read_results_file(values["compare"], ID, "representation gap calculator")
    body = build_report(data, benchmark, grouping, threshold, field_name, " ".join(str(values.get("data_date") or "").split()),
                   last_year, values.get("level_map"), " ".join(str(values.get("org_label") or "").split()))
    body["mappings"] = [m for m in (answer_question, body.pop("trait_question", None), data.column_question,
                                    body.pop("change_question", None)) if m]
    return body


def _answer_question(data: Workforce, grouping: seb_grouping.Grouping, threshold: int) -> dict | None:
    if not data.unrecognised:
        return None
    items = [{"key": k, "count": n if n >= threshold else SUPPRESSED}  # a small count would bound hidden cells
             for k, n in sorted(data.unrecognised.items(), key=lambda kv: (-kv[1], kv[0]))]
    choices = [(g, grouping.labels.get(g, g)) for g in GROUPS] + [(UNKNOWN, "Not known (left out of percentages)")]
    return mapping("answer_map", "Which group does each of these answers belong to?", items, choices)


def _answers(group: str, more: str = "") -> Callable[[dict], str]:
    """A count column's hint: the answers in its group, from the content's grouping ("Answers 1 and 2.")."""
    return lambda content: f"Answers {seb_grouping.grouping_from(content).codes(group)}{more}."


def _group_columns() -> tuple[Input, ...]:
    count = dict(kind="number", integer=True, minimum=0, maximum=10_000_000, required=False, default=0)
    return (
        Input("level", "text", "Level or grade", hint="For example \u201cSenior leaders\u201d or \u201cUpper pay quartile\u201d.", max_length=80),
        Input("professional", label="Professional", hint=_answers("professional"), **count),
        Input("intermediate", label="Intermediate", hint=_answers("intermediate"), **count),
        Input("lower", label="Lower", hint=_answers("lower"), **count),
        Input("not_known", label="Not known", hint=_answers(UNKNOWN, ": other, don't know and prefer not to say"), **count),
        Input("headcount", "number", "Headcount (optional)", hint="Everyone at this level, answered or not.", integer=True,
              minimum=0, maximum=10_000_000, required=False),
    )


SPEC = CalculatorSpec(
    id=ID,
    title="Representation gap calculator",
    summary="Compare the socio-economic background of your people with a benchmark, level by level, and see your progression gap.",
    description=(
        "Use the answers to the Social Mobility Commission's headline question: *What was the occupation of your main "
        "household earner when you were about aged 14?* Give counts for each level, or upload your survey results. "
        "Everything is worked out in your browser: nothing you enter leaves your computer."),
    inputs=(
        Input("source", "choice", "How will you give your figures?", required=False, default="form", group="data",
              choices=(Choice("form", "Type counts for each level", "Quickest for a few levels."),
                       Choice("file", "Upload a CSV file", "One row per response, or counts per level. Templates are on the measurement kit page."),
                       Choice("paste", "Paste from a spreadsheet", "Copy the cells, with the header row, and paste them."))),
        Input("levels", "table", "Counts by level",
              hint="One row per level or pay quartile. Put the most senior level first and the entry level last.",
              columns=_group_columns(), min_rows=1, max_rows=MAX_CATEGORIES, group="data", depends_on={"source": "form"}),
        Input("upload", "file", "CSV file",
              hint=("Columns: level, answer (and optionally function, region, sex, ethnicity and disability), one row per response; "
                    "or level, professional, "
                    "intermediate, lower, not_known (and optionally headcount), one row per level. Up to 50 MB; for bigger "
                    f"files use the command line: {CLI_COMMAND}"),
              accept=(".csv", ".tsv", ".txt"), max_bytes=MAX_UPLOAD_BYTES, group="data", depends_on={"source": "file"}),
        Input("paste", "text", "Cells pasted from a spreadsheet", hint="Include the header row. Columns as for the file.",
              multiline=True, max_length=5_000_000, group="data", depends_on={"source": "paste"}),
        Input("level_order", "text", "Order of levels (optional)",
              hint="List your levels from most senior to entry level, one per line or separated by commas. Leave blank "
                   "and recognised names (pay quartiles, Civil Service grades, NHS bands, words such as director or "
                   "junior) are put in order for you; other names keep the order you gave, and the result asks you to check it.",
              required=False, multiline=True, max_length=5_000, group="data"),
        Input("data_date", "text", "When the data was collected (optional)",
              hint="For example \u201cMarch 2026\u201d. It goes on the board report and in the results file.",
              required=False, max_length=40, group="data"),
        Input("org_label", "text", "Your organisation's name for a sector benchmark (optional)",
              hint="Goes in the benchmark file you can export for your sector group, in place of your real name if you wish.",
              required=False, max_length=80, group="data"),
        *MAPPING_INPUTS,
        Input("compare", "file", "Last year's results file (optional)",
              hint="To see the change since last year, choose the file you saved last year with \u201cSave these results for "
                   "next year\u201d. It is read in your browser, like everything else.",
              accept=(".json",), max_bytes=2 * 1024 * 1024, required=False, group="compare"),
        Input("level_map", "mapping", "Last year's levels renamed this year", required=False, group="compare",
              hint="Asked for when some of last year's levels do not match this year's by name."),
        Input("benchmark_source", "choice", "What do you want to compare with?", required=False, default="published", group="benchmark",
              choices=(Choice("published", "A published benchmark", "The UK workforce unless you choose another."),
                       Choice("custom", "My own figures", "For example your sector or your region."),
                       Choice("file", "A sector benchmark file", "From your sector group's convener (peer benchmark combiner)."))),
        Input("benchmark_file", "file", "Sector benchmark file", accept=(".json",), max_bytes=2 * 1024 * 1024, group="benchmark",
              hint="The sector-benchmark.json your sector group's convener made with the peer benchmark combiner.",
              depends_on={"benchmark_source": "file"}),
        Input("benchmark", "choice", "Benchmark", choices_from="benchmarks", required=False, group="benchmark",
              hint="Each benchmark shows its source, date and definition with the results.", depends_on={"benchmark_source": "published"}),
        Input("custom_label", "text", "Name of your benchmark", hint="For example \u201cOur sector\u201d.", required=False,
              max_length=80, group="benchmark", depends_on={"benchmark_source": "custom"}),
        Input("custom_professional", "number", "Professional (%)", minimum=0, maximum=100, group="benchmark",
              depends_on={"benchmark_source": "custom"}),
        Input("custom_intermediate", "number", "Intermediate (%)", minimum=0, maximum=100, group="benchmark",
              depends_on={"benchmark_source": "custom"}),
        Input("custom_lower", "number", "Lower (%)", hint="The three shares must add up to 100.", minimum=0, maximum=100,
              group="benchmark", depends_on={"benchmark_source": "custom"}),
        Input("threshold", "number", "Hide counts under", hint=f"Protects privacy. {DEFAULT_THRESHOLD} unless you have a reason; never below {MIN_THRESHOLD}.",
              integer=True, minimum=MIN_THRESHOLD, maximum=1000, required=False, default=DEFAULT_THRESHOLD, group="privacy"),
    ),
    outputs=(
        Output("summary", "summary", "What your figures say"),
        Output("notices", "notices", "Notes on your data, the grouping and the benchmark"),
        Output("tables", "table", "Counts, shares, gaps, progression gap, data quality and the grouping used"),
        Output("ladder", "chart", "Lower SEB by level against the benchmark", "A ladder from the most senior level down."),
        Output("downloads", "download", "Results (CSV), a short report (Markdown) and a one-page board report (HTML to print)"),
        Output("mappings", "mapping", "Questions about your file", "Which column is which, and groups for unrecognised answers."),
    ),
    run=run,
    method=method,
    cli_file_input="upload",
    links={"progression": "intervention:measure-the-progression-gap", "breakdown": "intervention:break-down-by-quartile-function-region",
           "benchmark": "intervention:benchmark-against-your-area-and-sector", "response": "intervention:raise-your-response-rate",
           "leaders": "intervention:compare-teams-and-learn-from-leaders", "headline": "intervention:ask-the-headline-question"},
)


def unlimited_spec() -> CalculatorSpec:
    """The spec without the browser's file-size limit, for the command line and analysts, where
    a file of any size can be read: `calculators.core.spec.run(unlimited_spec(), values, content)`."""
    return without_size_limits(SPEC)
