"""Practice check: what an organisation says against what it does, block by block, and a plan.

The checklist is the toolkit's own interventions (content["interventions"]) and the statements
are content["claims"], so adding an intervention or a claim in content/ changes the check with no
code change. Pure: plain data in, a result dict out. The checklist is in practices.py, reading
the answers in practice_answers.py, the scores and the plan in practice_plan.py.
"""
from __future__ import annotations

from calculators.core.result import chart, download, result, sentence, table
from calculators.shared.numbers import percent_text
from calculators.say_do.practice_answers import read_answers
from calculators.say_do.practice_plan import (FIT_LABEL, PLAN_COLUMNS, action_plan, block_scores, claim_backing,  # noqa: F401
                                              difference, do_score, fit_rank, percent, plan_csv, plan_markdown)
from calculators.say_do.practices import (CLAIM_ANSWERS, CREDIT, ORG_SIZES,  # noqa: F401
                                          STATUS_LABEL, STATUSES, Answers, Claim, Practice, building_blocks,
                                          checklist, checklist_mappings, listed_claims)


# ---- the calculator -------------------------------------------------------------------------

def run_practice_check(values: dict, content: dict) -> dict:
    mappings = checklist_mappings(content, values.get("practices"), values.get("claims"))
    if not checklist(content):
        return result(notices=[sentence("The toolkit has no practices to check yet.")], mappings=mappings)
    answers = read_answers(values, content)
    applicable = [s for s, v in answers.statuses.items() if v in CREDIT]
    if not answers.statuses or not applicable:
        why = ("Nothing on the checklist is marked yet." if not answers.statuses
               else "Every practice is marked \u201cnot applicable\u201d, so there is nothing to score.")
        return result(summary=[sentence(f"{why} Mark how far each practice is in place (in place, partly, not yet or "
                                        "not applicable), tick the statements your organisation makes, then calculate again.")],
                      notices=[sentence(why)] + answers.notices, mappings=mappings)
    org_size = values.get("org_size")
    blocks = block_scores(content, answers)
    say_all = percent(len(answers.made), len(answers.claims))
    do_all = do_score(list(answers.statuses), answers.statuses)
    gap_all = difference(say_all, do_all)
    plan = action_plan(content, answers, org_size)
    backing = [(c, claim_backing(c, answers.statuses)) for c in answers.made]
    weak = [(c, b) for c, b in backing if b != "backed"]

    overview = [f"Say score {_score(say_all)}: you make {len(answers.made)} of the {len(answers.claims)} statements listed.",
                f"Do score {_score(do_all)}: of the {len(applicable)} practices that apply and are marked, in place counts in full and partly counts half.",
                f"Gap (say minus do): {_points(gap_all)}."]
    summary = [sentence(f"Your say score is {_score(say_all)} and your do score is {_score(do_all)}: " + _gap_words(gap_all))]
    scored = [b for b in blocks if b["gap"] is not None]
    if scored:
        widest = max(scored, key=lambda b: (b["gap"], -blocks.index(b)))
        if widest["gap"] > 0:
            summary.append(sentence(f"The widest gap is in {widest['block'].lower()}: you say {_score(widest['say'])} and do {_score(widest['do'])}."))
    not_backed = [c for c, b in weak if b == "not backed"]
    if not_backed:
        summary.append(sentence(f"{len(not_backed)} of the {len(answers.made)} statements you make {'is' if len(not_backed) == 1 else 'are'} "
                                "not backed by any practice in place or partly in place."))
        overview.append(f"Statements not backed by practice: {'; '.join(c.text for c in not_backed)}.")
    if plan:
        top = plan[:3]
        summary.append(sentence("Start with " + _join([row["practice"] for row in top]) + ".",
                                [(row["practice"], row["page"]) for row in top]))

    notices = list(answers.notices)
    unmarked = len(checklist(content)) - len(answers.statuses)
    if unmarked:
        notices.append(sentence(f"{unmarked} practice{'s are' if unmarked > 1 else ' is'} not marked, so {'they are' if unmarked > 1 else 'it is'} "
                                "left out of the do scores and the plan."))
    if not org_size:
        notices.append(sentence("You did not give your organisation's size, so the plan does not take it into account."))
    if not answers.made:
        notices.append(sentence("You have not ticked any statement your organisation makes, so every say score is 0%."))
    for claim in answers.made:
        if claim.custom and not claim.backed_by:
            notices.append(sentence(f"Your statement \u201c{claim.text}\u201d is not linked to any practice, so nothing can back it up yet."))

    block_table = table("blocks", "Say and do by building block", (
        ("block", "Building block"), ("say", "Say score (%)"), ("do", "Do score (%)"), ("gap", "Gap (points)"),
        ("claims_made", "Statements made"), ("claims", "Statements listed"), ("in_place", "In place"), ("partly", "Partly"),
        ("not_yet", "Not yet"), ("not_applicable", "Not applicable")),
        blocks + [{"block": "All blocks", "say": say_all, "do": do_all, "gap": gap_all, "claims_made": len(answers.made),
                   "claims": len(answers.claims), **{k: sum(b[k] for b in blocks) for k in ("in_place", "partly", "not_yet", "not_applicable")}}],
        note="A blank score means nothing in that block could be scored: no statement relies on it, or no practice in it applies.")
    gap_chart = chart("say-do-by-block", "Say and do by building block", [b["block"] for b in blocks],
                      [{"name": "Say score", "values": [b["say"] for b in blocks]},
                       {"name": "Do score", "values": [b["do"] for b in blocks]}], table_id="blocks")
    claims_table = table("claims-made", "Statements you make and what backs them up", (
        ("claim", "Statement"), ("backing", "Backed by practice?"), ("practices", "Practices that would back it up")),
        [{"claim": c.text, "backing": b.capitalize(), "practices": _practice_list(c, content, answers.statuses)}
         for c, b in sorted(backing, key=lambda cb: (_BACKING_RANK[cb[1]], answers.made.index(cb[0])))])
    plan_table = table("plan", "Action plan: next practices to adopt", PLAN_COLUMNS[:-1] + (("page", "Toolkit page"),), plan,
                       note="Ordered by stage (getting started first), then by fit for your organisation's size, "
                            "then by how many of your statements each practice would back up.")
    plan_sentences = [sentence(f"{row['priority']}. {row['practice']} ({row['stage'].lower()}, {row['status'].lower()} now"
                               + (f"; backs up {row['claims_backed']} of your statements)" if row["claims_backed"] else ")"),
                               [(row["practice"], row["page"])]) for row in plan]
    return result(
        summary=summary, notices=notices, tables=[block_table, claims_table, plan_table], charts=[gap_chart],
        downloads=[download("action-plan.md", "text/markdown", plan_markdown(plan, overview), "Download the action plan (Markdown)"),
                   download("action-plan.csv", "text/csv", plan_csv(plan), "Download the action plan (CSV)")],
        mappings=mappings, plan=plan_sentences,
        scores={"say": say_all, "do": do_all, "gap": gap_all},
    )


_BACKING_RANK = {"not backed": 0, "not checked": 1, "partly backed": 2, "backed": 3}


def _practice_list(claim: Claim, content: dict, statuses: dict[str, str]) -> str:
    titles = {p.slug: p.title for p in checklist(content)}
    parts = [f"{titles[s]} ({STATUS_LABEL.get(statuses.get(s), 'not marked').lower()})" for s in claim.backed_by if s in titles]
    return "; ".join(parts) or "None linked"


def _score(value: float | None) -> str:
    return "not scored" if value is None else percent_text(value)


def _points(value: float | None) -> str:
    if value is None:
        return "not scored"
    return f"{value:g} point{'' if abs(value) == 1 else 's'}"


def _gap_words(gap: float | None) -> str:
    if gap is None:
        return "the gap cannot be worked out."
    if gap > 0:
        return f"a gap of {_points(gap)}. You say more than you do."
    if gap < 0:
        return f"you do more than you say, by {_points(-gap)}."
    return "what you say and what you do match."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
