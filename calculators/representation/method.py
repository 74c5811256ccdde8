"""The method, twice: in full for the calculator's page, and in one paragraph for the reports."""
from __future__ import annotations

from calculators.core.result import SUPPRESSED
from calculators.representation.constants import SMALL_GROUP
from calculators.shared.seb import grouping_from
from calculators.shared.suppression import DEFAULT_THRESHOLD, MIN_THRESHOLD


METHOD_PLAIN = (
    "Shares are of people whose background is known (other and prefer not to say are left out). Intervals are 95% Wilson "
    "intervals. The gap is the benchmark share minus your share, in percentage points; the representation ratio is your share "
    "divided by the benchmark share. Missing people is the benchmark share times the number of known answers, minus the number "
    "from lower SEB, rounded to the nearest whole person (halves round up), and none when you are at or above the benchmark. "
    "A difference is called statistically clear when an exact two-sided binomial test against the benchmark share gives "
    "p below 0.05. The progression gap is the lower-SEB share at the entry level minus the share at the top level.")


def method(content: dict) -> str:
    """The method for the calculator's page, with the grouping the content gives."""
    return METHOD.replace("{grouping}", grouping_from(content).in_words().replace(" are ", " ", 1))


METHOD = f"""
- **Groups.** Answers to the headline question are grouped as shown with every result ({{grouping}}). "Other" and
  "prefer not to say" are counted but left out of percentages.
- **Shares** are percentages of people whose background is known, each with a 95% Wilson interval.
- **Gap** = benchmark share \u2212 your share, in percentage points. **Representation ratio** = your share \u00f7 benchmark share.
- **Missing people** = benchmark share \u00d7 known answers \u2212 people from lower SEB, rounded to the nearest whole
  person (halves round up); "none" when you are at or above the benchmark. This is how CMI counted its "missing managers".
- **Statistically clear** means an exact two-sided binomial test against the benchmark share gives p < 0.05. Groups with
  fewer than {SMALL_GROUP} known answers carry a caution.
- **Which level is the top.** Levels you order yourself (\u201cOrder of levels\u201d, or the form's rows) keep your
  order. Otherwise recognised names are put most senior first: pay quartiles (named, or numbered with quartile 1 the
  lowest paid), Civil Service grades (AA to SCS), NHS bands, numbered bands (higher numbers taken as more senior,
  which the result asks you to check) and words of seniority (board, director, manager, staff, entry). Names that fit
  none keep the file's order, and the result says so at the top and words the progression gap as conditional on it.
  Levels named two ways at once (\u201cQ1\u201d beside \u201cUpper quartile\u201d) are refused. A level called
  \u201cUnknown\u201d or \u201cPrefer not to say\u201d is put last and never used as the entry level.
- **Progression gap** = lower-SEB share at the entry level (the last level) \u2212 share at the top level (the first level),
  in points, and the ratio top \u00f7 entry.
- **Small numbers.** Counts under the threshold (default {DEFAULT_THRESHOLD}, never below {MIN_THRESHOLD}), and any percentage,
  interval or bar built on one, are shown as "{SUPPRESSED}". Further cells are hidden so that, from the totals across the level,
  function and region tables together, each hidden count could still be any whole number in a range at least the threshold wide, and
  hidden counts in a row or column with a shown total add up to at least the threshold. Zeros are shown, except
  beside a group's hidden counts, so that "0, 0, {SUPPRESSED}" cannot say the whole group is in one column. Notes give small
  counts as "fewer than" the threshold, and a headcount is shown only beside shown answers.
- **Background crossed with sex, ethnicity and disability.** A file with one row per response may add any of these
  columns. Each becomes one more breakdown beside level, function and region, with its groups (ethnicity: the five
  top-level groups of the harmonised standard; disability: the Equality Act definition), then "prefer not to say" and
  "not given", always listed. The groups and the answers they accept are in content/data/characteristics.yml; answers
  that match none are listed for you to assign.
- **The trade-off of crossing.** Every crossing splits the same people into smaller groups, so more counts fall under the
  threshold and more are hidden. All breakdowns are protected together, so no hidden count can be worked out from any of
  them; the price is that adding a characteristic can hide figures that were shown before. If too much is hidden, leave a
  characteristic out or combine years. These breakdowns cover everyone, not each level: a level × group table would
  split people three ways, which this protection cannot yet check, so it is not shown.
"""
