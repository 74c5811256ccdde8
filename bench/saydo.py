"""Say/do gap calculator on CPython: the manager survey by number of teams (secondary suppression
is exact, so its cost grows fast), a 5 MB CSV of responses, and the practice check by toolkit size.

    python -m bench.saydo [--runs 5] [--no-pyodide]

The same cases also run inside Pyodide (Node and the site's pinned npm package), to show the team
cap (50) keeps the worst case well inside the browser's watchdog."""
from __future__ import annotations

import argparse
import random
import time

from bench.common import median, time_in_pyodide, write
from calculators.say_do.practice_check import run_practice_check
from calculators.say_do.spec import SPEC
from calculators.say_do.survey import Survey, TeamAnswers, survey_figures
from calculators.core.content import load_content
from calculators.core.spec import run


def teams(n: int, seed: int) -> list[TeamAnswers]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        size = rng.randint(3, 60)
        say, do = rng.randint(0, size), rng.randint(0, size)
        out.append(TeamAnswers(f"Team {i}", size, say, size - say, 0, do, size - do))
    return out


def responses_csv(target_bytes: int, n_teams: int = 40) -> str:
    rng = random.Random(1)
    lines = ["team,inclusive,programme,programme_name"]
    size = len(lines[0])
    while size < target_bytes:
        line = (f"Team {rng.randrange(n_teams)},{rng.choice(['yes', 'no', 'dont know'])},{rng.choice(['yes', 'no'])},"
                f"{rng.choice(['Mentoring scheme', 'n/a', ''])}")
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def toolkit(n: int) -> dict:
    blocks = ["data", "culture-and-leadership", "recruitment", "progression", "outreach"]
    stages = ["getting-started", "going-further", "advanced"]
    interventions = [{"slug": f"p{i}", "title": f"Practice {i}", "building_block": blocks[i % 5], "stage": stages[i % 3],
                      "suits": ["every-size", "small", "large"][i % 3], "effort": "low", "summary": "S."} for i in range(n)]
    claims = [{"id": f"c{i}", "text": f"Claim {i}", "backed_by": [f"p{(i * 7 + k) % n}" for k in range(4)]} for i in range(12)]
    return {"interventions": interventions, "claims": claims,
            "building_blocks": [{"slug": b, "title": b.title(), "order": i} for i, b in enumerate(blocks)]}


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times)





def table_rows(n: int) -> list[dict]:
    return [{"team": t.name, "respondents": t.respondents, "inclusive_yes": t.say_yes, "inclusive_no": t.say_no,
             "programme_yes": t.do_yes, "programme_no": t.do_no} for t in teams(n, 0)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pyodide", action="store_true", help="time CPython only")
    args = parser.parse_args()
    runs = args.runs
    survey = {}
    for n in (10, 25, 50):
        survey[f"{n} teams"] = median([timed(lambda s=seed: survey_figures(Survey(teams(n, s)), 10), 1) for seed in range(runs)])
    text = responses_csv(4_900_000)
    content = load_content()  # the survey quotes the reference figures from content
    csv_seconds = timed(lambda: run(SPEC, {"mode": "survey", "upload": text}, content), runs)
    practice = {}
    for n in (37, 200):
        content = toolkit(n)
        marks = {f"p{i}": ["in_place", "partly", "not_yet", "not_applicable"][i % 4] for i in range(n)}
        said = {f"c{i}": "yes" for i in range(0, 12, 2)}
        practice[f"{n} practices"] = timed(lambda: run_practice_check({"practices": marks, "claims": said, "org_size": "small"}, content), runs)
    pyodide_cases = [{"name": f"survey, {n} teams (table)", "inputs": {"mode": "survey", "teams": table_rows(n)}} for n in (10, 25, 50)]
    pyodide_cases.append({"name": "survey, 5 MB CSV", "inputs": {"mode": "survey", "upload": text}})
    pyodide_cases.append({"name": "practice check, real toolkit", "inputs": {
        "mode": "practice", "org_size": "small", "claims": {"collect-seb-data": "yes", "recruit-on-potential": "yes"},
        "practices": {"ask-the-headline-question": "in_place", "use-structured-interviews": "partly",
                      "remove-unnecessary-degree-requirements": "not_yet", "measure-the-class-pay-gap": "not_applicable"}}})
    pyodide = "skipped: --no-pyodide" if args.no_pyodide else time_in_pyodide("say-do-gap", [{**c, "runs": runs} for c in pyodide_cases])
    path = write("saydo", {"runs": runs, "unit": "seconds (median)", "cpython": {
        "survey_figures_by_teams": survey,
        "survey_csv_5mb": {"bytes": len(text.encode()), "rows": text.count("\n") - 1, "seconds": csv_seconds},
        "practice_check": practice}, "pyodide": pyodide})
    print(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
