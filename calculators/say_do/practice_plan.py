"""The practice check's scores (say and do, block by block, and whether each statement is backed)
and its action plan, with the plan's Markdown and CSV."""
from __future__ import annotations

from calculators.say_do.practices import (CREDIT, STATUS_LABEL, ordered, stage_label, stage_rank, Answers, Claim, building_blocks,
                                         checklist, humanise)
from calculators.shared.csv_safe import markdown_cell, to_csv
from calculators.shared.numbers import percent_of


def percent(part: float, whole: float) -> float | None:
    return None if whole == 0 else percent_of(part, whole)


def difference(say: float | None, do: float | None) -> float | None:
    """The gap in points, from the figures as shown, so the table always adds up."""
    return None if say is None or do is None else round(say - do, 1)


def do_score(slugs: list[str], statuses: dict[str, str]) -> float | None:
    """Share of applicable, marked practices in place; partly counts half. None if none apply."""
    marked = [statuses[s] for s in slugs if statuses.get(s) in CREDIT]
    return percent(sum(CREDIT[s] for s in marked), len(marked))


def block_scores(content: dict, answers: Answers) -> list[dict]:
    practices = checklist(content)
    block_of = {p.slug: p.block for p in practices}
    made = {c.id for c in answers.made}
    rows = []
    for block in building_blocks(content):
        slugs = [p.slug for p in practices if p.block == block["slug"]]
        touching = [c for c in answers.claims if any(block_of.get(s) == block["slug"] for s in c.backed_by)]
        say = percent(sum(c.id in made for c in touching), len(touching))
        do = do_score(slugs, answers.statuses)
        counts = {k: sum(answers.statuses.get(s) == k for s in slugs) for k in STATUS_LABEL}
        rows.append({"block": block["title"], "slug": block["slug"], "say": say, "do": do, "gap": difference(say, do),
                     "claims_made": sum(c.id in made for c in touching), "claims": len(touching),
                     "in_place": counts["in_place"], "partly": counts["partly"], "not_yet": counts["not_yet"],
                     "not_applicable": counts["not_applicable"], "practices": len(slugs)})
    return rows


def claim_backing(claim: Claim, statuses: dict[str, str]) -> str:
    """backed (a linked practice is in place), partly, not backed, or unchecked (none marked)."""
    marks = [statuses.get(s) for s in claim.backed_by]
    if "in_place" in marks:
        return "backed"
    if "partly" in marks:
        return "partly backed"
    if claim.backed_by and all(m is None for m in marks):
        return "not checked"
    return "not backed"


FIT_LABEL = {0: "Made for organisations your size", 1: "Suits every size", 2: "Made for a different size", 3: "Suits every size"}


def fit_rank(suits: str, org_size: str | None) -> int:
    """0 made for your size, 1 every size, 2 made for the other size; 3 (neutral) when size is unknown."""
    if not org_size:
        return 3
    if suits == org_size:
        return 0
    return 1 if suits not in ("small", "large") else 2


def action_plan(content: dict, answers: Answers, org_size: str | None) -> list[dict]:
    """Practices marked not yet or partly, ordered by stage, fit for size, then statements backed."""
    blocks = {b["slug"]: (i, b["title"]) for i, b in enumerate(building_blocks(content))}
    items = []
    for p in checklist(content):
        status = answers.statuses.get(p.slug)
        if status not in ("not_yet", "partly"):
            continue
        backs = [c for c in answers.made if p.slug in c.backed_by]
        fit = fit_rank(p.suits, org_size)
        items.append({"practice": p, "status": status, "fit": fit, "backs": backs,
                      "sort": (stage_rank(content, p.stage), fit, -len(backs), 0 if status == "partly" else 1,
                               ordered(content, "efforts").get(p.effort, (9,))[0], blocks.get(p.block, (99,))[0], p.title.lower())})
    items.sort(key=lambda i: i["sort"])
    plan = []
    for rank, item in enumerate(items, start=1):
        p = item["practice"]
        plan.append({"priority": rank, "slug": p.slug, "practice": p.title,
                     "block": blocks.get(p.block, (0, humanise(p.block)))[1], "stage": stage_label(content, p.stage),
                     "fit": FIT_LABEL[item["fit"]] if item["fit"] != 2 else f"Made for {p.suits} organisations",
                     "status": STATUS_LABEL[item["status"]], "effort": p.effort.capitalize(),
                     "claims_backed": len(item["backs"]), "claims": "; ".join(c.text for c in item["backs"]),
                     "page": f"intervention:{p.slug}"})
    return plan


def plan_markdown(plan: list[dict], overview: list[str]) -> str:
    lines = ["# Action plan: closing your say/do gap", ""]
    lines += [f"- {markdown_cell(line)}" for line in overview] + [""]
    lines += ["## Next practices to adopt", ""]
    if not plan:
        lines.append("Every practice you marked is in place or does not apply. Keep checking that what you say stays true.")
        return "\n".join(lines) + "\n"
    lines += ["| Priority | Practice | Building block | Stage | Fit for your size | Now | Effort | Statements it backs up |",
              "| ---: | --- | --- | --- | --- | --- | --- | --- |"]
    for row in plan:
        cells = [row["priority"], row["practice"], row["block"], row["stage"], row["fit"], row["status"], row["effort"],
                 row["claims"] or "None of yours"]
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    lines += ["", "Each practice has a page in the toolkit with steps, advice for small organisations and how to measure progress."]
    return "\n".join(lines) + "\n"


PLAN_COLUMNS = (("priority", "Priority"), ("practice", "Practice"), ("block", "Building block"), ("stage", "Stage"),
                ("fit", "Fit for your size"), ("status", "Now"), ("effort", "Effort"),
                ("claims_backed", "Statements it backs up"), ("claims", "Which statements"), ("slug", "Toolkit page"))


def plan_csv(plan: list[dict]) -> str:
    return to_csv([label for _, label in PLAN_COLUMNS], ([row[key] for key, _ in PLAN_COLUMNS] for row in plan))
