"""For analysts on CPython: run the representation gap and class pay gap calculators on pandas
DataFrames.

pandas is imported only when a function here is called, so the browser path and the rest of
calculators/ stay stdlib-only. The figures are exactly the calculator's, with the same
small-number protection: the DataFrame is passed through the same reader and checks as a file.

    import pandas as pd
    from calculators.edges.pandas_adapter import representation_gap

    responses = pd.read_csv("responses.csv")            # level, function, region, answer
    out = representation_gap(responses, level="Grade", answer="Q14", function="Directorate")
    out["gap-level"]          # lower SEB against the benchmark by level, as a DataFrame
    out["summary"]            # the plain-English sentences, one per row

    staff = pd.read_csv("pay.csv")                       # hourly pay, answer, level, bonus
    pay = class_pay_gap(staff, hourly="Hourly rate", answer="Q14", level="Grade")
    pay["pay-gap"]            # mean and median hourly pay and the gaps, as a DataFrame
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Sequence

from calculators.representation.spec import analyse, unlimited_spec
from calculators.core.spec import InputError, InputErrors, validate

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

ROLE_COLUMNS = ("level", "function", "region", "answer", "professional", "intermediate", "lower", "not_known", "headcount")


def representation_gap(frame: "pd.DataFrame", *, level: str = "level", answer: str | None = None,
                       function: str | None = None, region: str | None = None,
                       counts: Mapping[str, str] | None = None, headcount: str | None = None,
                       benchmark: str | None = None, custom_shares: Mapping[str, float] | None = None,
                       custom_label: str = "", threshold: int = 10, level_order: Sequence[str] | None = None,
                       answer_map: Mapping[str, str] | None = None, content: Mapping[str, Any] | None = None) -> dict[str, "pd.DataFrame"]:
    """Analyse a DataFrame of responses (one row per person, with an `answer` column) or of
    counts (`counts` maps professional, intermediate, lower and not_known to column names).

    Returns a dict of DataFrames: one per result table, keyed by its id ("counts-level",
    "shares-level", "gap-level", "progression", "quality", "grouping", ...), plus "summary"
    and "notices" (a `text` column each) and "mappings" (questions still open, if any).
    Raises ValueError with the calculator's plain-English messages when the data is not usable."""
    import pandas  # noqa: F401 - without pandas, fail here with its own message

    from calculators.core.content import load_content

    columns: dict[str, str] = {level: "level"}
    for role, name in (("function", function), ("region", region), ("headcount", headcount)):
        if name:
            columns[name] = role
    if answer is None and not counts:
        answer = "answer"
    if answer:
        columns[answer] = "answer"
    for role, name in (counts or {}).items():
        if role not in ("professional", "intermediate", "lower", "not_known"):
            raise ValueError(f"counts: {role!r} is not a group; use professional, intermediate, lower and not_known")
        columns[name] = role
    values: dict[str, Any] = {"source": "file", "upload": _as_csv(frame, columns), "threshold": threshold,
                              "level_order": "\n".join(level_order) if level_order else None,
                              "answer_map": dict(answer_map or {}) or None}
    if custom_shares:
        values.update({"benchmark_source": "custom", "custom_label": custom_label,
                       **{f"custom_{g}": custom_shares[g] for g in ("professional", "intermediate", "lower")}})
    else:
        values.update({"benchmark_source": "published", "benchmark": benchmark})
    return _frames(_run(analyse, unlimited_spec(), values, content if content is not None else load_content()))


def class_pay_gap(frame: "pd.DataFrame", *, answer: str = "answer", hourly: str | None = None, annual: str | None = None,
                  hours: str | None = None, level: str | None = None, bonus: str | None = None, threshold: int = 10,
                  answer_map: Mapping[str, str] | None = None, content: Mapping[str, Any] | None = None,
                  characteristics: Mapping[str, str] | None = None,
                  characteristic_map: Mapping[str, str] | None = None) -> dict[str, "pd.DataFrame"]:
    """The class pay gap of a DataFrame with one row per employee: `hourly` pay, or `annual` pay and
    weekly `hours`; the `answer` to the SEB question; optionally `level` and `bonus` columns, and
    `characteristics` to cross with background ({column: "sex", "ethnicity" or "disability", as
    content/data/characteristics.yml names them}), which add "crossed-<id>" tables.

    Returns a dict of DataFrames, one per result table ("pay-gap", "quartiles", "within-levels",
    "bonus"), plus "summary", "notices" and "mappings". Raises ValueError with the calculator's
    plain-English messages when the data is not usable."""
    from calculators.core.content import load_content
    from calculators.pay_gap.spec import run, unlimited_spec

    if hourly is None and annual is None:
        hourly = "hourly pay"
    columns = {name: role for name, role in ((answer, "answer"), (hourly, "hourly pay"), (annual, "annual pay"),
                                             (hours, "weekly hours"), (level, "level"), (bonus, "bonus")) if name}
    columns.update(characteristics or {})
    values = {"source": "file", "upload": _as_csv(frame, columns), "threshold": threshold,
              "answer_map": dict(answer_map or {}) or None, "characteristic_map": dict(characteristic_map or {}) or None}
    return _frames(_run(run, unlimited_spec(), values, content if content is not None else load_content()))


def _as_csv(frame: "pd.DataFrame", columns: Mapping[str, str]) -> str:
    """The chosen columns, renamed to the names the calculator's reader knows, as CSV text."""
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise ValueError(f"The DataFrame has no column {', '.join(map(repr, missing))}. Its columns are {list(frame.columns)}.")
    return frame[list(columns)].rename(columns=columns).to_csv(index=False)


def _run(calculator, spec, values: dict, content: Mapping[str, Any]) -> dict:
    """The spec's checks (ranges, whole numbers), then the calculator without the browser's size
    limit; the calculator's messages become one ValueError."""
    try:
        return calculator(validate(spec, values, content), content)
    except InputErrors as exc:
        raise ValueError("\n".join(e.message for e in exc.errors)) from None
    except InputError as exc:
        raise ValueError(exc.message) from None


def _frames(result: dict) -> dict[str, "pd.DataFrame"]:
    """A calculator's result as DataFrames: one per table, and the sentences and questions."""
    import pandas as pd

    out: dict[str, pd.DataFrame] = {}
    for t in result["tables"]:
        out[t["id"]] = pd.DataFrame([[row.get(c["key"]) for c in t["columns"]] for row in t["rows"]],
                                    columns=[c["label"] for c in t["columns"]])
    out["summary"] = pd.DataFrame({"text": [s["text"] for s in result["summary"]]})
    out["notices"] = pd.DataFrame({"text": [s["text"] for s in result["notices"]]})
    out["mappings"] = pd.DataFrame([{"question": m["question"], "input": m["input"], "key": i["key"], "count": i.get("count")}
                                    for m in result["mappings"] for i in m["items"]],
                                   columns=["question", "input", "key", "count"])
    return out
