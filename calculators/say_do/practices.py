"""The practice check's checklist, from content: the statuses, the practices (the toolkit's
interventions) grouped by building block, the statements, and the two questions the form asks."""
from __future__ import annotations

from calculators.core.record import field, record
from calculators.core.result import mapping


STATUSES = (("in_place", "In place"), ("partly", "Partly"), ("not_yet", "Not yet"), ("not_applicable", "Not applicable"))
STATUS_LABEL = dict(STATUSES)
CREDIT = {"in_place": 1.0, "partly": 0.5, "not_yet": 0.0}  # not_applicable is left out of the do score
CLAIM_ANSWERS = (("yes", "We say this"), ("no", "We do not say this"))
# The stages and efforts an intervention can have, in order, are content["stages"] and content["efforts"]
# ([{"id", "label"}], from the content schema): the plan ranks by their order.
ORG_SIZES = (("small", "Small"), ("large", "Large"))


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


def building_blocks(content: dict) -> list[dict]:
    """Blocks in toolkit order; a block named by an intervention but missing from the list still appears."""
    blocks = sorted((b for b in content.get("building_blocks") or [] if b.get("slug")),
                    key=lambda b: (b.get("order") if isinstance(b.get("order"), int) else 99, b["slug"]))
    out = [{"slug": b["slug"], "title": b.get("title") or humanise(b["slug"])} for b in blocks]
    known = {b["slug"] for b in out}
    for item in content.get("interventions") or []:
        slug = item.get("building_block")
        if slug and slug not in known:
            known.add(slug)
            out.append({"slug": slug, "title": humanise(slug)})
    return out


def ordered(content: dict, key: str) -> dict[str, tuple[int, str]]:
    """id -> (rank, label) of content[key] ("stages" or "efforts"), in the content's order."""
    return {str(s["id"]): (rank, str(s.get("label") or s["id"])) for rank, s in enumerate(content.get(key) or ())
            if isinstance(s, dict) and s.get("id")}


def stage_rank(content: dict, stage: str) -> int:
    return ordered(content, "stages").get(stage, (9, ""))[0]


def stage_label(content: dict, stage: str) -> str:
    return ordered(content, "stages").get(stage, (9, stage))[1]


def checklist(content: dict) -> list[Practice]:
    """Every intervention as a practice to mark, grouped by block, then stage, then title."""
    order = {b["slug"]: i for i, b in enumerate(building_blocks(content))}
    practices = [
        Practice(slug=str(i["slug"]), title=str(i.get("title") or humanise(i["slug"])), block=str(i.get("building_block") or ""),
                 stage=str(i.get("stage") or ""), suits=str(i.get("suits") or "every-size"),
                 effort=str(i.get("effort") or ""), summary=str(i.get("summary") or ""))
        for i in content.get("interventions") or [] if i.get("slug")
    ]
    stages = ordered(content, "stages")
    return sorted(practices, key=lambda p: (order.get(p.block, 99), stages.get(p.stage, (9,))[0], p.title.lower()))


def listed_claims(content: dict) -> list[Claim]:
    return [Claim(str(c["id"]), str(c["text"]), tuple(str(s) for s in c.get("backed_by") or ()))
            for c in content.get("claims") or [] if isinstance(c, dict) and c.get("id") and c.get("text")]


def checklist_mappings(content: dict, practices: dict | None, claims: dict | None) -> list[dict]:
    """The two questions of the check, rendered by the form: statements made, then practices."""
    titles = {b["slug"]: b["title"] for b in building_blocks(content)}
    claim_items = [{"key": c.id, "label": c.text, "value": (claims or {}).get(c.id)} for c in listed_claims(content)]
    practice_items = [{"key": p.slug, "label": p.title, "group": titles.get(p.block, humanise(p.block)),
                       "hint": p.summary, "stage": stage_label(content, p.stage),
                       "href": f"intervention:{p.slug}", "value": (practices or {}).get(p.slug)}
                      for p in checklist(content)]
    return [
        mapping("claims", "Which of these statements does your organisation make, publicly or to staff?", claim_items, CLAIM_ANSWERS),
        mapping("practices", "How far is each practice in place in your organisation?", practice_items, STATUSES),
    ]


def humanise(slug: str) -> str:
    return slug.replace("-", " ").capitalize()
