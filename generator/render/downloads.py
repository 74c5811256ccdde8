"""Downloadable survey sheets and calculator templates, generated from content/data/seb_question.yml
so the page, the files and the calculators can never disagree."""
from __future__ import annotations

from typing import TYPE_CHECKING

from calculators.shared.csv_safe import to_csv

if TYPE_CHECKING:
    from generator.content.model import Toolkit

# name -> (label, description)
FILES = {
    "seb-survey-questions.csv": ("Survey questions (CSV)", "The headline question and the supporting questions with every answer option, "
                                                           "ready to paste into a survey tool."),
    "representation-responses-template.csv": ("Template: one row per response (CSV)", "For the representation gap calculator: one anonymous answer per row."),
    "representation-counts-template.csv": ("Template: counts by level (CSV)",
                                           "For the representation gap calculator: how many people in each group at each level."),
    "representation-data-dictionary.csv": ("Data dictionary (CSV)", "What each column in the two templates means and which values it takes."),
}


def render(data: dict) -> dict[str, str]:
    seb = data["seb"]
    options = seb["options"]
    groups = {g["id"]: g["label"] for g in seb["groups"]}
    questions = [["question_id", "question", "option_code", "option", "group"]]
    for o in options:
        # the SMC's published wording, word for word, where the data file has it
        questions.append(["headline", seb["question"], o["code"], o.get("wording") or o["text"], groups.get(o["group"], "Not known")])
    for q in seb.get("supporting") or []:
        for n, option in enumerate(q["options"], start=1):
            text = option["text"] if isinstance(option, dict) else option
            questions.append([q["id"], q["question"], n, text, ""])
    levels = ["Senior leaders", "Managers", "Staff"]
    example_answers = [o["short"] for o in options]
    responses = [["level", "function", "region", "answer"]] + [
        [levels[i % 3], ["Operations", "Finance", "Sales"][i % 3], ["North East", "London", "Wales"][(i // 3) % 3], example_answers[i % len(example_answers)]]
        for i in range(9)]
    counts = [["level", "professional", "intermediate", "lower", "not_known", "headcount"],
              ["Senior leaders", 12, 5, 3, 2, 25], ["Managers", 30, 18, 14, 6, 80], ["Staff", 60, 52, 71, 20, 240]]
    option_list = "; ".join(f"{o['code']} = {o['short']}" for o in options)
    dictionary = [["file", "column", "required", "meaning", "values"],
                  ["responses", "level", "yes", "The person's grade, band or pay quartile. List the most senior first in the counts file.", "any text"],
                  ["responses", "function", "no", "Business function or team.", "any text"],
                  ["responses", "region", "no", "Region or site.", "any text"],
                  ["responses", "answer", "yes", seb["question"], f"the option text, its short name or its code: {option_list}"],
                  ["counts", "level", "yes", "One row per level, most senior first. Add function and region columns to break it down.", "any text"]]
    for g in seb["groups"]:
        dictionary.append(["counts", g["id"], "yes", f"How many people answered an option in the {g['label'].lower()} group.", "a whole number, 0 or more"])
    dictionary += [["counts", "not_known", "yes", "People who answered \u2018other\u2019, \u2018I don\u2019t know\u2019 or preferred not to say.",
                    "a whole number, 0 or more"],
                   ["counts", "headcount", "no", "Everyone at this level, answered or not, to work out the response rate.", "a whole number, 0 or more"]]
    return {
        "seb-survey-questions.csv": to_csv(questions[0], questions[1:]),
        "representation-responses-template.csv": to_csv(responses[0], responses[1:]),
        "representation-counts-template.csv": to_csv(counts[0], counts[1:]),
        "representation-data-dictionary.csv": to_csv(dictionary[0], dictionary[1:]),
    }


# The privacy notice template: a download whose file name, label and text come from content
# (content/data/privacy_notice.yml).

def _notice(toolkit: "Toolkit") -> dict | None:
    data = toolkit.data.get("privacy_notice")
    notice = data.get("privacy_notice") if isinstance(data, dict) else None
    if isinstance(notice, dict) and notice.get("file") and notice.get("text"):
        return notice
    return None


def download_files(toolkit: "Toolkit") -> dict[str, tuple[str, str]]:
    """Extra downloads from content (the privacy notice template), as downloads.FILES lists them."""
    notice = _notice(toolkit)
    return {str(notice["file"]): (str(notice.get("label") or notice["file"]), str(notice.get("description") or ""))} if notice else {}


def download_texts(toolkit: "Toolkit") -> dict[str, str]:
    notice = _notice(toolkit)
    return {str(notice["file"]): str(notice["text"])} if notice else {}
