"""Job adverts, a batch at once: several .txt or .md files, or one CSV of adverts, checked with the
single checker's rules (`calculators.job_advert.spec`), with totals by department, the most common
barriers and each advert's findings. Reading: `batch`; the result: `batch_report`."""
from __future__ import annotations

from calculators.core.spec import CalculatorSpec, Input, Output
from calculators.job_advert import batch, batch_report
from calculators.job_advert.rules import rule_book

MAX_FILE_BYTES = 20 * 1_048_576  # what the browser reads at once (a CSV of many adverts is bigger than one advert)


def run(values: dict, content: dict, records: bool = False) -> dict:
    """The result for checked `values`; `records` adds one plain record per advert (see batch_report.build)."""
    adverts, skipped = batch.read_batch(batch.file_items(values.get("adverts")))
    book = rule_book(content)
    checked, not_read = batch.check_batch(adverts, book)
    skipped = skipped + not_read
    notices = []
    if not checked:
        notices.append("None of the adverts could be checked: see why below. Choose files with the words of the adverts.")
    return batch_report.build(checked, skipped, book, content, notices, values.get("label") or "", records)


METHOD = """
**One advert at a time.** Each advert is checked exactly as the job advert checker checks one
advert, with the same rules (`content/data/advert_rules.yml`), so the batch never says something
different about an advert.

**What counts as an advert.** Each .txt or .md file is one advert. A .csv file holds one advert
per row: the column of advert text is found by its name ("Advert text", "Text", "Advert",
"Description", "Job description", "Body"...), and so are the optional title ("Title", "Job
title", "Role"), department ("Department", "Team", "Directorate") and URL ("URL", "Link")
columns, whatever their case or spacing. An advert with no text, or a file that is not text, is
listed in the notes and skipped; the rest are checked.

**Totals.** The adverts table counts each advert's findings by severity and by category. The
department totals add up the adverts of each department. The most common barriers and things to
check are ordered by the number of adverts they appear in.
""".strip()


SPEC = CalculatorSpec(
    id="job-advert-batch",
    title="Check many job adverts at once",
    summary="Check a batch of job adverts for barriers to applicants from lower socio-economic backgrounds, with totals by department.",
    description=(
        "Choose several advert files (.txt or .md), or one CSV file with a column of advert text and, if you have them, "
        "title, department and URL columns. We check each advert as the job advert checker does, then show the most "
        "common barriers and totals by department. The check runs on your device: the adverts are not sent anywhere."
    ),
    inputs=(
        Input("adverts", "file", "Batch of advert files",
              hint="Choose several .txt or .md files (one advert each), or one .csv file with one advert per row "
                   "in a column called \u201cAdvert text\u201d. Up to 20 MB in all.",
              accept=(".txt", ".md", ".csv"), max_bytes=MAX_FILE_BYTES, multiple=True),
        Input("label", "text", "Name of this batch (optional)",
              hint="For example \u201cFinance adverts, spring 2026\u201d. It heads the Markdown summary.",
              required=False, max_length=80),
    ),
    outputs=(
        Output("summary", "summary", "What we found", "How many adverts have barriers, and the most common ones."),
        Output("adverts", "table", "Every advert", "Counts of findings by severity and category for each advert."),
        Output("departments", "table", "Totals by department"),
        Output("common", "table", "The most common barriers", "With the intervention to read about each."),
        Output("findings", "table", "Each advert's findings", "One table for each advert, under its number."),
        Output("notices", "notices", "Notes", "Adverts that were skipped, and why."),
        Output("report", "download", "Downloads", "A CSV of every finding and a Markdown summary."),
    ),
    run=run,
    method=METHOD,
    cli_file_input="adverts",
    warm=rule_book,
    timeout_seconds=120,
)
