"""Job-advert checker: finds qualification gates and other barriers for applicants from lower
socio-economic backgrounds, marks each in the advert, and suggests a better wording.

The rules are content (content/data/advert_rules.yml); this module reads the input, runs the
rules (match.py) and builds the result (report.py).
"""
from __future__ import annotations

from calculators.job_advert.match import analyse
from calculators.job_advert.report import build_tables, category_sentences, downloads, findings_list, highlight_spans, verdict
from calculators.job_advert.rules import rule_book
from calculators.job_advert.text import html_to_text, junk_problem, looks_like_html
from calculators.job_advert.readability import has_words
from calculators.core.result import result, sentence
from calculators.core.spec import CalculatorSpec, Input, InputError, Output

MAX_CHARACTERS = 1_000_000
MAX_FILE_BYTES = 1_048_576


def advert_text(values: dict) -> tuple[str, str, list[dict]]:
    """The text to check, the input it came from, and notices about how it was read."""
    notices = []
    pasted, uploaded = values.get("text") or "", values.get("file") or ""
    field, text = ("text", pasted) if pasted.strip() else ("file", uploaded)
    if pasted.strip() and uploaded.strip():
        notices.append(sentence("You pasted an advert and chose a file. We checked the pasted text; clear it to check the file."))
    if not text.strip():
        raise InputError("text", "Paste the text of your job advert, or choose a .txt or .md file.")
    problem = junk_problem(text)
    if problem:
        raise InputError(field, problem)
    if looks_like_html(text):
        text, removed = html_to_text(text)
        note = "The advert looked like HTML, so we turned it into plain text and checked that."
        if removed:
            note += f" We removed {removed} script or style block{'s' if removed > 1 else ''} without running {'them' if removed > 1 else 'it'}."
        notices.append(sentence(note))
        if not text.strip():
            raise InputError(field, "We found no text in the HTML you pasted. Paste the words of the advert instead.")
    if not has_words(text):
        raise InputError(field, "We found no words to check. Paste the text of your job advert.")
    return text, field, notices


def run(values: dict, content: dict) -> dict:
    text, _field, notices = advert_text(values)
    book = rule_book(content)
    analysis = analyse(text, book)
    ids = {id(f): f"finding-{n}" for n, f in enumerate(analysis.findings, start=1)}
    if analysis.truncated:
        line = analysis.doc.lines.position(analysis.bound)[0] if analysis.bound < len(text) else None
        notices.append(sentence(
            f"This advert is very long, so we list only the first {book.max_findings:,} findings"
            + (f" (up to line {line:,})" if line else "")
            + ". Check the rest in smaller parts. The readability and pay checks cover the whole advert."))
    for rule_id, at in analysis.capped.items():
        rule = book.rule(rule_id)
        line = analysis.doc.lines.position(at)[0]
        notices.append(sentence(
            f"The words for \u201c{rule.label}\u201d occur more than {book.max_matches_per_rule:,} times, so we checked "
            f"only the first {book.max_matches_per_rule:,} (up to line {line:,}). Check the rest of the advert in smaller parts."))
    if analysis.normalised:
        notices.append(sentence(
            "Some characters were read as their plain form before checking (for example invisible spaces inside words, "
            "or letters from another alphabet that look like English ones). The marks point at your text as you gave it."))
    read = analysis.doc.readability
    if read.words and read.english_share < 0.8:
        notices.append(sentence("Much of this advert is not in English. The reading ease and gendered-wording checks are "
                                "designed for English, so treat them with care."))
    summary = [sentence(verdict(analysis.findings, book))] + category_sentences(analysis, book, content)
    tables = build_tables(analysis, book, content, ids)
    highlights = {"text": text, "spans": highlight_spans(analysis.findings, ids, book, text, analysis.doc.lines)}
    return result(summary=summary, notices=notices, tables=tables,
                  downloads=downloads(analysis, book, content, tables, summary, notices), highlights=highlights,
                  findings=findings_list(analysis, ids))


METHOD = """
**What is checked.** The rules live in `content/data/advert_rules.yml`, each with its reason,
source, suggestion and example. A rule matches word stems, whole words, phrases or regular
expressions in a lower-case copy of the advert. An *exception* cancels a match when it covers
the same words, so "degree of autonomy", "360-degree", "third-degree", "no degree required" and
"you don't need a degree" are not degree requirements, and "degree or equivalent experience" is
only a note.

**Essential or desirable.** The words around a match can change its severity: the nearest cue
in the same sentence ("essential", "desirable", "preferred"...), else the heading of the section
it is in ("Essential criteria", "Nice to have"), else the advert as a whole (a licence asked for
in an advert for a delivery driver is only a note).

**Severity, not a score.** Each finding is a *barrier* (likely to stop people applying or screen
them out), *check this* (keep it only if the job needs it) or a *note*. The verdict counts
barriers and things to check; there is no overall score.

**Pay, location, hours, remote work.** These are checked for the whole advert: a finding means
we could not find, for example, any pay figure (a £ amount, a range, or the living wage).

**Readability.** Flesch reading ease = 206.835 − 1.015 × (words ÷ sentences) − 84.6 × (syllables ÷
words), with syllables estimated from vowel groups. Sentences end at . ! or ? and at line breaks
(a line that carries on in lower case continues the sentence). Sentences over 30 words are
listed. *Essential requirements* counts list items under an essential heading, and other
sentences saying essential, must or required.

**Gendered wording.** The word stems of Gaucher, Friesen and Kay (2011), matched by prefix as
Gender Decoder does. Score = feminine-coded words − masculine-coded words; beyond ±3 is strongly
coded. Each word counts once even if two stems fit it.

**Hidden characters.** Before matching, the text is read in its plain form: invisible
characters are removed, wide or stylised letters become ordinary ones, and Cyrillic or Greek
letters that look like English ones are read as English inside English words. So "degree" with
a hidden space inside it still counts. The marks still point at your text as you gave it.

**Very long adverts.** Each rule looks at a set number of matches at most (`max_matches_per_rule`
in the rules file), and a note says when it stopped.

**Marked text.** Positions count characters (Unicode code points) in the text shown. Marks
never overlap: where findings cover the same words, the more severe is marked (then the longer,
then the earlier); every finding is still listed with its line and column. Pasted HTML is turned
into plain text first, and scripts are removed, never run.
""".strip()


SPEC = CalculatorSpec(
    id="job-advert-checker",
    title="Job advert checker",
    summary="Check a job advert for barriers that put off applicants from lower socio-economic backgrounds, with suggested rewrites.",
    description=(
        "Paste your job advert, or choose a text file. We mark every qualification gate, unpaid or unclear pay, "
        "off-putting phrase and missing detail, say why it matters, and suggest a better wording. "
        "The check runs on your device: the advert is not sent anywhere."
    ),
    inputs=(
        Input("text", "text", "Job advert",
              hint="Paste the whole advert, including the requirements, pay, hours and location. A copied web page is turned into plain text.",
              required=False, max_length=MAX_CHARACTERS, multiline=True),
        Input("file", "file", "Advert file",
              hint="Or, instead of pasting, choose a plain text (.txt) or Markdown (.md) file of up to 1 MB. "
                   "For a Word document or PDF, copy the words and paste them above.",
              required=False, accept=(".txt", ".md"), max_bytes=MAX_FILE_BYTES),
    ),
    outputs=(
        Output("summary", "summary", "What we found", "The overall verdict, then one sentence per category."),
        Output("advert", "highlights", "Your advert, with findings marked", "Each mark has a text label and links to its finding."),
        Output("categories", "table", "Findings by category"),
        Output("findings", "table", "Findings", "Every finding with its line, column, reason and suggestion."),
        Output("suggestions", "table", "Example rewrites"),
        Output("readability", "table", "Readability and wording"),
        Output("notices", "notices", "Notes"),
        Output("report", "download", "Download the report", "A Markdown report and a CSV of the findings."),
    ),
    run=run,
    method=METHOD,
    cli_file_input="file",
    warm=rule_book,
)
