"""The class pay gap calculator's inputs, method and entry point."""
from __future__ import annotations

from calculators.shared import seb as seb_grouping
from calculators.core.result import result
from calculators.shared.mapping_inputs import MAPPING_INPUTS
from calculators.core.spec import CalculatorSpec, Choice, Input, InputError, Output, without_size_limits
from calculators.shared.suppression import DEFAULT_THRESHOLD, MIN_THRESHOLD, check_threshold
from calculators.shared.characteristics import characteristics_from
from . import crossing, figures
from .reading import MAX_HOURLY, WEEKS_A_YEAR, answer_question, read_staff
from .report import build

ID = "class-pay-gap"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def run(values: dict, content: dict) -> dict:
    """The calculator: the pay file (or pasted cells), read and reported."""
    threshold = check_threshold(values.get("threshold") or DEFAULT_THRESHOLD)
    grouping = seb_grouping.grouping_from(content)
    field_name = "paste" if values.get("source") == "paste" else "upload"
    staff = read_staff(values.get(field_name) or "", field_name, values, grouping, characteristics_from(content))
    question = answer_question(staff, grouping)
    mappings = [m for m in (question, staff.column_question) if m]
    if not staff.people:
        return result(notices=staff.notices, mappings=mappings)
    mappings[1:1] = [m for m in [crossing.question(staff, threshold)] if m]  # counts hidden until the tables say they may show
    if not any(p.group in seb_grouping.GROUPS for p in staff.people):
        if staff.unrecognised:
            return result(notices=staff.notices, mappings=mappings)
        raise InputError(field_name, "None of the answers says which group a person is in, so there is no gap to work out.")
    body = build(staff, grouping, threshold)
    body["mappings"] = [m for m in (question, *body["mappings"], staff.column_question) if m]
    return body


METHOD = f"""\
- **Hourly pay** is taken from the hourly pay column, or worked out as annual pay \u00f7 {WEEKS_A_YEAR:.2f} weeks \u00f7 weekly
  hours. Gender pay gap reporting uses the pay and hours of one pay period; give hourly pay if you have it.
- **The pay gap** is written as gender pay gaps are: (professional figure \u2212 group figure) \u00f7 professional figure \u00d7 100,
  for the mean and for the median hourly pay. A positive gap means people from that background are paid less than people
  from professional backgrounds. This follows the Bridge Group and Social Mobility Foundation's guide to measuring the class
  pay gap (2023), which compares lower and intermediate backgrounds with professional ones.
- **The 95% interval of the median gap** is a bootstrap with a fixed seed ({figures.BOOTSTRAP_SEED}, {figures.BOOTSTRAP_DRAWS:,}
  draws), so the same data always gives the same interval. Each group's median is drawn from its exact bootstrap
  distribution (the chance that a resample's median is at most each value), which is the same as resampling the group but
  fast enough for a browser. If the interval includes 0, the gap could be chance.
- **Pay quartiles:** everyone is ranked by hourly pay and split into four equal groups; the table shows the background
  of each.
- **Within levels:** the median gap at each level where both groups have enough people, and their average weighted by the
  number of people. If the gap within levels is much smaller than the overall gap, the overall gap comes mostly from who
  is in which level (progression); if it is similar, it comes from pay for the same level of work.
- **Bonuses:** the share of each group paid a bonus, and the median bonus of those paid one.
- **Small numbers.** A group's pay is shown only when it has at least the threshold of people (default {DEFAULT_THRESHOLD},
  never below {MIN_THRESHOLD}). Counts under the threshold, and percentages built on them, show as "[c]", with secondary
  suppression across the quartile, level and bonus tables together.
- **Background crossed with sex, ethnicity and disability.** If the file has any of these columns, each gets a table of
  people by group and background, with the gap between lower and professional backgrounds within each group, and with
  levels that gap within each level and group. The groups and the answers they accept are in the site's data file
  (content/data/characteristics.yml): ethnicity uses the five top-level groups of the harmonised standard, disability
  the Equality Act definition. "Prefer not to say" and "not given" are always listed. Answers that match no group are
  listed for you to assign.
- **The trade-off of crossing.** Every crossing splits the same people into smaller groups, so more counts fall under
  the threshold and more are hidden. The crossed tables, the quartiles, the levels and the bonuses are protected
  together, so no hidden count can be worked out from any of them or from their totals; the price is that adding a
  characteristic can hide figures that were shown before. A gap within a group is shown only where both of its counts
  are shown. If too much is hidden, leave a characteristic out or combine years.
- Hourly pay above \u00a3{MAX_HOURLY:,.0f} is refused as a likely mistake.
"""

SPEC = CalculatorSpec(
    id=ID,
    title="Class pay gap calculator",
    summary="Compare hourly pay by socio-economic background, overall and within levels, as gender pay gaps are reported.",
    description=(
        "Use one row per employee: hourly pay (or annual pay and weekly hours), the answer to the Social Mobility "
        "Commission's headline question, and if you have them the level, the bonus paid in the year, sex, ethnicity and "
        "disability. Everything is "
        "worked out in your browser: nothing you enter leaves your computer."),
    inputs=(
        Input("source", "choice", "How will you give your figures?", required=False, default="paste", group="data",
              choices=(Choice("paste", "Paste from a spreadsheet", "Copy the cells, with the header row, and paste them."),
                       Choice("file", "Upload a CSV file", "One row per employee."))),
        Input("upload", "file", "CSV file",
              hint=("Columns: hourly pay (or annual pay and weekly hours), answer, and optionally level, bonus, sex, ethnicity and "
                    "disability. One row per "
                    f"employee. Up to 50 MB; for bigger files use the command line: python -m calculators {ID} FILE"),
              accept=(".csv", ".tsv", ".txt"), max_bytes=MAX_UPLOAD_BYTES, group="data", depends_on={"source": "file"}),
        Input("paste", "text", "Cells pasted from a spreadsheet", hint="Include the header row. Columns as for the file.",
              multiline=True, max_length=5_000_000, group="data", depends_on={"source": "paste"}),
        *MAPPING_INPUTS,
        Input("threshold", "number", "Hide groups under",
              hint=f"Protects privacy. {DEFAULT_THRESHOLD} unless you have a reason; never below {MIN_THRESHOLD}.",
              integer=True, minimum=MIN_THRESHOLD, maximum=1000, required=False, default=DEFAULT_THRESHOLD, group="privacy"),
    ),
    outputs=(
        Output("summary", "summary", "What your figures say"),
        Output("notices", "notices", "Notes on your data and on privacy"),
        Output("tables", "table", "Pay and gaps by background, pay quartiles, gaps within levels and bonuses"),
        Output("quartiles-chart", "chart", "People from lower backgrounds in each pay quartile"),
        Output("downloads", "download", "Results (CSV) and a short report (Markdown)"),
        Output("mappings", "mapping", "Questions about your file", "Which column is which, and groups for unrecognised answers."),
    ),
    run=run,
    method=METHOD,
    cli_file_input="upload",
    links={"pay": "intervention:measure-the-class-pay-gap", "progression": "intervention:measure-the-progression-gap"},
)


def unlimited_spec() -> CalculatorSpec:
    """The spec without the browser's file-size limit, for the command line and analysts."""
    return without_size_limits(SPEC)
