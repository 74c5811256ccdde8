"""The questions a file of one row per person can raise, asked on the page and answered as mappings:
which column is which, which group an unrecognised background answer belongs to, and the same for
sex, ethnicity and disability. The representation gap and the class pay gap ask them alike."""
from __future__ import annotations

from calculators.core.spec import Input

MAPPING_INPUTS = (
    Input("column_map", "mapping", "Which column is which", required=False, group="data",
          hint="Asked for when the file's column names are not the ones we expect."),
    Input("answer_map", "mapping", "Groups for unrecognised answers", required=False, group="data",
          hint="Asked for when some answers do not match an option of the question."),
    Input("characteristic_map", "mapping", "Groups for unrecognised sex, ethnicity or disability answers", required=False,
          group="data", hint="Asked for when some answers in those columns match none of their groups."),
)
