"""Check the hand-labelled real adverts: every .yml parses, has a .txt,
every finding/must_not_flag text occurs exactly in the .txt, and any
occurrence number is valid. Run: python3 tests/advert_corpus_real/validate_b.py"""
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).parent
LEVELS = {"entry", "experienced", "graduate", "internship", "apprenticeship", "volunteer", "senior"}
EDITED = {"verbatim", "trimmed", "paraphrased", "made-clean"}
WHOLE = {"no-salary-figure", "no-location", "no-hours", "no-remote-info", "expenses-as-pay"}


def count(text, sub):
    n, i = 0, text.find(sub)
    while i != -1:
        n, i = n + 1, text.find(sub, i + 1)
    return n


def main(prefix="b-"):
    problems = []
    files = sorted(HERE.glob(prefix + "*.yml"))
    for yml in files:
        txt = yml.with_suffix(".txt")
        try:
            meta = yaml.safe_load(yml.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(f"{yml.name}: does not parse: {exc}")
            continue
        if not txt.exists():
            problems.append(f"{yml.name}: no {txt.name}")
            continue
        text = txt.read_text(encoding="utf-8")
        words = len(text.split())
        if not 80 <= words <= 600:
            problems.append(f"{txt.name}: {words} words (80-600 wanted)")
        for key in ("title", "source", "retrieved", "sector", "level", "edited", "control", "findings", "must_not_flag"):
            if key not in meta:
                problems.append(f"{yml.name}: missing '{key}'")
        if meta.get("level") not in LEVELS:
            problems.append(f"{yml.name}: level {meta.get('level')!r} not one of {sorted(LEVELS)}")
        if meta.get("edited") not in EDITED:
            problems.append(f"{yml.name}: edited {meta.get('edited')!r} not one of {sorted(EDITED)}")
        if meta.get("control") and meta.get("findings"):
            problems.append(f"{yml.name}: control advert has findings")
        seen = set()
        for kind in ("findings", "must_not_flag"):
            for item in meta.get(kind) or []:
                sub = item.get("text")
                if sub is None:
                    if kind == "findings" and item.get("rule") not in WHOLE:
                        problems.append(f"{yml.name}: {kind} rule {item.get('rule')} has no text")
                    continue
                n = count(text, sub)
                occ = item.get("occurrence")
                if n == 0:
                    problems.append(f"{yml.name}: {kind} text {sub!r} not in {txt.name}")
                elif occ is None and n > 1:
                    problems.append(f"{yml.name}: {kind} text {sub!r} occurs {n} times; add occurrence")
                elif occ is not None and not 1 <= occ <= n:
                    problems.append(f"{yml.name}: {kind} text {sub!r} occurrence {occ} but it occurs {n} times")
                key = (kind, item.get("rule"), sub, occ)
                if key in seen:
                    problems.append(f"{yml.name}: duplicate {key}")
                seen.add(key)
    for txt in sorted(HERE.glob(prefix + "*.txt")):
        if not txt.with_suffix(".yml").exists():
            problems.append(f"{txt.name}: no .yml")
    for p in problems:
        print(p)
    print(f"{len(files)} adverts checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
