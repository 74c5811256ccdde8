"""Check the a- share of the real-advert corpus: every .yml parses, has its .txt,
and every finding / must_not_flag `text` occurs exactly in the .txt (with a valid
`occurrence` when the words occur more than once). Run: python validate_a.py"""
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).parent
LEVELS = {"entry", "experienced", "graduate", "internship", "apprenticeship", "volunteer", "senior"}
EDITED = {"verbatim", "trimmed", "paraphrased", "made-clean"}
RULES = {
    "degree-required", "degree-or-equivalent", "graduates-only", "degree-classification",
    "ucas-points", "a-level-grades", "gcse-grades", "prestige-university", "unpaid-work",
    "expenses-only", "expenses-as-pay", "unpaid-trial", "trial-shift", "commission-only",
    "no-salary-figure", "vague-pay", "driving-licence", "native-speaker", "class-coded",
    "jargon", "no-location", "no-hours", "no-remote-info",
}
WHOLE = {"no-salary-figure", "no-location", "no-hours", "no-remote-info"}
EITHER = {"expenses-as-pay"}  # may mark the expenses words, or stand alone


def check(yml):
    problems = []
    txt = yml.with_suffix(".txt")
    if not txt.exists():
        return [f"{yml.name}: no {txt.name} beside it"]
    text = txt.read_text(encoding="utf-8")
    words = len(text.split())
    if not 80 <= words <= 600:
        problems.append(f"{txt.name}: {words} words, want 80-600")
    try:
        data = yaml.safe_load(yml.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"{yml.name}: not valid YAML: {exc}"]
    for key in ("title", "source", "retrieved", "sector", "level", "edited", "control", "findings"):
        if key not in data:
            problems.append(f"{yml.name}: missing field {key!r}")
    if data.get("level") not in LEVELS:
        problems.append(f"{yml.name}: level {data.get('level')!r} not one of {sorted(LEVELS)}")
    if data.get("edited") not in EDITED:
        problems.append(f"{yml.name}: edited {data.get('edited')!r} not one of {sorted(EDITED)}")
    if data.get("control") and data.get("findings"):
        problems.append(f"{yml.name}: a control must have findings: []")
    entries = [("findings", f) for f in data.get("findings") or []]
    entries += [("must_not_flag", f) for f in data.get("must_not_flag") or []]
    for section, item in entries:
        if section == "findings":
            rule = item.get("rule")
            if rule not in RULES:
                problems.append(f"{yml.name}: unknown rule {rule!r}")
            if rule in WHOLE and "text" in item:
                problems.append(f"{yml.name}: {rule} is whole-advert, drop its text")
            if rule not in WHOLE | EITHER and "text" not in item:
                problems.append(f"{yml.name}: {rule} needs a text")
        elif "category" not in item:
            problems.append(f"{yml.name}: must_not_flag {item.get('text')!r} needs a category")
        if "text" not in item:
            continue
        count = text.count(item["text"])
        occ = item.get("occurrence")
        if count == 0:
            problems.append(f"{yml.name}: {section} text {item['text']!r} not found in {txt.name}")
        elif occ is None and count > 1:
            problems.append(f"{yml.name}: {item['text']!r} occurs {count} times; add occurrence: N")
        elif occ is not None and not 1 <= occ <= count:
            problems.append(f"{yml.name}: occurrence {occ} of {item['text']!r} but it occurs {count} times")
    return problems


def main():
    ymls = sorted(HERE.glob("a-*.yml"))
    problems = [p for y in ymls for p in check(y)]
    orphans = [t.name for t in HERE.glob("a-*.txt") if not t.with_suffix(".yml").exists()]
    problems += [f"{o}: no .yml beside it" for o in orphans]
    for p in problems:
        print(p)
    print(f"{len(ymls)} adverts checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
