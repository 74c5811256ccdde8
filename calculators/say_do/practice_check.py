"""Practice check: what an organisation says against what it does, block by block, and a plan.

The checklist is the toolkit's own interventions (content["interventions"]) and the statements
are content["claims"], so adding an intervention or a claim in content/ changes the check with no
code change. Pure: plain data in, a result dict out.
"""
from __future__ import annotations

import difflib
import re

from calculators.shared.csv_safe import markdown_cell, to_csv
from calculators.core.record import field, record
from calculators.core.result import download, mapping, result, sentence, table, chart
from calculators.core.spec import InputError, InputErrors

STATUSES = (("in_place", "In place"), ("partly", "Partly"), ("not_yet", "Not yet"), ("not_applicable", "Not applicable"))
STATUS_LABEL = dict(STATUSES)
CREDIT = {"in_place": 1.0, "partly": 0.5, "not_yet": 0.0}  # not_applicable is left out of the do score
CLAIM_ANSWERS = (("yes", "We say this"), ("no", "We do not say this"))
# The stages and efforts an intervention can have, in order, are content["stages"] and content["efforts"]
# ([{"id", "label"}], from the content schema): the plan ranks by their order.
ORG_SIZES = (("small", "Small"), ("large", "Large"))

_STATUS_WORDS = {
    "in_place": ("in place", "in_place", "yes", "done", "in-place"),
    "partly": ("partly", "partial", "partly in place", "in progress", "some"),
    "not_yet": ("not yet", "not_yet", "no", "not-yet", "not started"),
    "not_applicable": ("not applicable", "not_applicable", "n/a", "na", "does not apply", "not-applicable"),
}
_STATUS_LOOKUP = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_CLAIM_LOOKUP = {"yes": True, "y": True, "true": True, "we say this": True,
                 "no": False, "n": False, "false": False, "we do not say this": False}


@record(frozen=True)
class Practice:
    slug: str
    title: str
    block: str
    stage: str
    suits: str
    effort: str
    summary: str


@record(frozen=True)
class Claim:
    id: str
    text: str
    backed_by: tuple[str, ...]
    custom: bool = False


@record
class Answers:
    statuses: dict[str, str] = field(default_factory=dict)  # slug -> status
    made: list[Claim] = field(default_factory=list)  # claims the organisation makes
    claims: list[Claim] = field(default_factory=list)  # every claim in play (listed + custom)
    notices: list[dict] = field(default_factory=list)


# ---- the checklist, from content ------------------------------------------------------------

def building_blocks(content: dict) -> list[dict]:
    """Blocks in toolkit order; a block named by an intervention but missing from the list still appears."""
    blocks = sorted((b for b in content.get("building_blocks") or [] if b.get("slug")),
                    key=lambda b: (b.get("order") if isinstance(b.get("order"), int) else 99, b["slug"]))
    out = [{"slug": b["slug"], "title": b.get("title") or _humanise(b["slug"])} for b in blocks]
    known = {b["slug"] for b in out}
    for item in content.get("interventions") or []:
        slug = item.get("building_block")
        if slug and slug not in known:
            known.add(slug)
            out.append({"slug": slug, "title": _humanise(slug)})
    return out


def _ordered(content: dict, key: str) -> dict[str, tuple[int, str]]:
    """id -> (rank, label) of content[key] ("stages" or "efforts"), in the content's order."""
    return {str(s["id"]): (rank, str(s.get("label") or s["id"])) for rank, s in enumerate(content.get(key) or ())
            if isinstance(s, dict) and s.get("id")}


def _stage_rank(content: dict, stage: str) -> int:
    return _ordered(content, "stages").get(stage, (9, ""))[0]


def _stage_label(content: dict, stage: str) -> str:
    return _ordered(content, "stages").get(stage, (9, stage))[1]


def checklist(content: dict) -> list[Practice]:
    """Every intervention as a practice to mark, grouped by block, then stage, then title."""
    order = {b["slug"]: i for i, b in enumerate(building_blocks(content))}
    practices = [
        Practice(slug=str(i["slug"]), title=str(i.get("title") or _humanise(i["slug"])), block=str(i.get("building_block") or ""),
                 stage=str(i.get("stage") or ""), suits=str(i.get("suits") or "every-size"),
                 effort=str(i.get("effort") or ""), summary=str(i.get("summary") or ""))
        for i in content.get("interventions") or [] if i.get("slug")
    ]
    stages = _ordered(content, "stages")
    return sorted(practices, key=lambda p: (order.get(p.block, 99), stages.get(p.stage, (9,))[0], p.title.lower()))


def listed_claims(content: dict) -> list[Claim]:
    return [Claim(str(c["id"]), str(c["text"]), tuple(str(s) for s in c.get("backed_by") or ()))
            for c in content.get("claims") or [] if isinstance(c, dict) and c.get("id") and c.get("text")]


def checklist_mappings(content: dict, practices: dict | None, claims: dict | None) -> list[dict]:
    """The two questions of the check, rendered by the form: statements made, then practices."""
    titles = {b["slug"]: b["title"] for b in building_blocks(content)}
    claim_items = [{"key": c.id, "label": c.text, "value": (claims or {}).get(c.id)} for c in listed_claims(content)]
    practice_items = [{"key": p.slug, "label": p.title, "group": titles.get(p.block, _humanise(p.block)),
                       "hint": p.summary, "stage": _stage_label(content, p.stage),
                       "href": f"intervention:{p.slug}", "value": (practices or {}).get(p.slug)}
                      for p in checklist(content)]
    return [
        mapping("claims", "Which of these statements does your organisation make, publicly or to staff?", claim_items, CLAIM_ANSWERS),
        mapping("practices", "How far is each practice in place in your organisation?", practice_items, STATUSES),
    ]


# ---- reading the answers --------------------------------------------------------------------

def read_answers(values: dict, content: dict) -> Answers:
    """Check the marked practices, the statements and any custom statements. Raises InputErrors."""
    practices = {p.slug: p for p in checklist(content)}
    listed = listed_claims(content)
    answers, errors, unknown = Answers(), [], []
    for key, raw in sorted((values.get("practices") or {}).items()):
        if key not in practices:
            unknown.append(key)
            continue
        status = _STATUS_LOOKUP.get(_words(raw))
        if status is None:
            errors.append(InputError("practices", f"\u201c{practices[key].title}\u201d: \u201c{raw}\u201d is not an answer. "
                                     "Choose in place, partly, not yet or not applicable.", column=key))
        else:
            answers.statuses[key] = status
    said = values.get("claims") or {}
    known_ids = {c.id for c in listed}
    unknown += sorted(k for k in said if k not in known_ids)
    for claim in listed:
        if claim.id not in said:
            continue
        made = _CLAIM_LOOKUP.get(_words(said[claim.id]))
        if made is None:
            errors.append(InputError("claims", f"\u201c{claim.text}\u201d: \u201c{said[claim.id]}\u201d is not an answer. "
                                     "Choose \u201cwe say this\u201d or \u201cwe do not say this\u201d.", column=claim.id))
        elif made:
            answers.made.append(claim)
    custom = _custom_claims(values.get("custom_claims") or [], practices, errors)
    if errors:
        raise InputErrors(errors)
    answers.claims = listed + custom
    answers.made += custom
    if unknown:
        names = ", ".join(unknown[:5]) + (", \u2026" if len(unknown) > 5 else "")
        many = len(unknown) > 1
        answers.notices.append(sentence(
            f"{len(unknown)} saved answer{'s are' if many else ' is'} for items no longer in the toolkit ({names}), "
            f"so {'they were' if many else 'it was'} left out."))
    return answers


def _custom_claims(rows: list[dict], practices: dict[str, Practice], errors: list[InputError]) -> list[Claim]:
    by_name = {}
    for p in practices.values():
        by_name[_key(p.slug)] = p.slug
        by_name[_key(p.title)] = p.slug
    out = []
    for index, row in enumerate(rows, start=1):
        text = (row.get("text") or "").strip()
        if not text:
            errors.append(InputError("custom_claims", f"Row {index}: enter the statement, or delete the row.", row=index, column="text"))
            continue
        linked = []
        for piece in _split_practices(row.get("backed_by") or "", by_name):
            slug = by_name.get(_key(piece))
            if slug is None:
                guess = difflib.get_close_matches(piece.lower(), [p.title.lower() for p in practices.values()], n=1, cutoff=0.5)
                hint = f" Did you mean \u201c{next(p.title for p in practices.values() if p.title.lower() == guess[0])}\u201d?" if guess else ""
                errors.append(InputError("custom_claims", f"Row {index}, practices that back it up: \u201c{piece}\u201d is not a practice "
                                         f"in this toolkit.{hint} Use the practice names from the checklist, separated by semicolons.",
                                         row=index, column="backed_by"))
            elif slug not in linked:
                linked.append(slug)
        out.append(Claim(f"custom-{index}", text, tuple(linked), custom=True))
    return out


def _split_practices(text: str, by_name: dict[str, str]) -> list[str]:
    pieces = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    out = []
    for piece in pieces:  # forgive commas when every part is a practice on its own
        parts = [p.strip() for p in piece.split(",") if p.strip()]
        if _key(piece) not in by_name and len(parts) > 1 and all(_key(p) in by_name for p in parts):
            out += parts
        else:
            out.append(piece)
    return out


def _words(raw) -> str:
    return re.sub(r"\s+", " ", str(raw).strip().lower().replace("\u2019", "'"))


def _key(text: str) -> str:
    text = text.strip().lower().removeprefix("intervention:")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _humanise(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


# ---- scoring --------------------------------------------------------------------------------

def percent(part: float, whole: float) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


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


# ---- the plan -------------------------------------------------------------------------------

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
                      "sort": (_stage_rank(content, p.stage), fit, -len(backs), 0 if status == "partly" else 1,
                               _ordered(content, "efforts").get(p.effort, (9,))[0], blocks.get(p.block, (99,))[0], p.title.lower())})
    items.sort(key=lambda i: i["sort"])
    plan = []
    for rank, item in enumerate(items, start=1):
        p = item["practice"]
        plan.append({"priority": rank, "slug": p.slug, "practice": p.title,
                     "block": blocks.get(p.block, (0, _humanise(p.block)))[1], "stage": _stage_label(content, p.stage),
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

    overview = [f"Say score {_pct(say_all)}: you make {len(answers.made)} of the {len(answers.claims)} statements listed.",
                f"Do score {_pct(do_all)}: of the {len(applicable)} practices that apply and are marked, in place counts in full and partly counts half.",
                f"Gap (say minus do): {_points(gap_all)}."]
    summary = [sentence(f"Your say score is {_pct(say_all)} and your do score is {_pct(do_all)}: " + _gap_words(gap_all))]
    scored = [b for b in blocks if b["gap"] is not None]
    if scored:
        widest = max(scored, key=lambda b: (b["gap"], -blocks.index(b)))
        if widest["gap"] > 0:
            summary.append(sentence(f"The widest gap is in {widest['block'].lower()}: you say {_pct(widest['say'])} and do {_pct(widest['do'])}."))
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


def _pct(value: float | None) -> str:
    return "not scored" if value is None else f"{value:g}%"


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
