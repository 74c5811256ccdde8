"""Every figure the manager survey shows, already protected: the say and do shares by team and
in total, with their intervals and the gap."""
from __future__ import annotations

from calculators.core.result import SUPPRESSED
from calculators.say_do.teams import Survey
from calculators.shared.numbers import percent_of
from calculators.shared.stats import wilson_interval
from calculators.shared.suppression import suppress_linked_tables


def _interval(count: int, base: int) -> str:
    low, high = wilson_interval(count, base)
    return f"{low * 100:.1f} to {high * 100:.1f}"


def _shown_percent(table, row: int, column: int, base: int, threshold: int):
    """A team's (or the total's) yes count as a percentage of its respondents, hidden when the
    count or the base is hidden or the base is small."""
    if base <= 0:
        return None
    if table.is_hidden(row, column) or table.is_hidden(table.n_rows, column) or base < threshold:
        return SUPPRESSED
    return percent_of(table.value(row, column), base)


def _total_percent(table, base: int, threshold: int):
    if table.is_hidden(0, table.n_columns) or table.is_hidden(table.n_rows, table.n_columns) or base < threshold:
        return SUPPRESSED
    return percent_of(table.value(0, table.n_columns), base)


def _gap(say, do):
    if isinstance(say, (int, float)) and isinstance(do, (int, float)):
        return round(say - do, 1)
    return SUPPRESSED if SUPPRESSED in (say, do) else None


def survey_figures(survey: Survey, threshold: int) -> dict:
    """Every figure the result shows, already suppressed: {"teams": [...], "total": {...}}."""
    teams = survey.teams
    say_grid = [[t.say_yes for t in teams], [t.say_other for t in teams]]
    do_grid = [[t.do_yes for t in teams], [t.do_other for t in teams]]
    # Rows are answers (yes, not yes) and columns teams: zeros stay shown (protect_groups is about
    # rows that are groups of people). Every hidden count still moves over at least the threshold.
    say, do = suppress_linked_tables([say_grid, do_grid], threshold, protect_groups=False)
    rows = []
    for c, team in enumerate(teams):
        say_pct = _shown_percent(say, 0, c, team.respondents, threshold)
        do_pct = _shown_percent(do, 0, c, team.respondents, threshold)
        rows.append({
            "team": team.name, "respondents": say.shown(say.n_rows, c),
            "say_yes": say.shown(0, c), "say": say_pct,
            "say_interval": _interval(team.say_yes, team.respondents) if isinstance(say_pct, float) else say_pct,
            "do_yes": do.shown(0, c), "do": do_pct,
            "do_interval": _interval(team.do_yes, team.respondents) if isinstance(do_pct, float) else do_pct,
            "gap": _gap(say_pct, do_pct),
        })
    n = sum(t.respondents for t in teams)
    say_all, do_all = _total_percent(say, n, threshold), _total_percent(do, n, threshold)
    total = {
        "team": "All teams" if len(teams) > 1 else teams[0].name, "respondents": say.grand_total(),
        "say_yes": say.row_total(0), "say": say_all,
        "say_interval": _interval(sum(t.say_yes for t in teams), n) if isinstance(say_all, float) else say_all,
        "do_yes": do.row_total(0), "do": do_all,
        "do_interval": _interval(sum(t.do_yes for t in teams), n) if isinstance(do_all, float) else do_all,
        "gap": _gap(say_all, do_all),
    }
    hidden = len(say.hidden) + len(do.hidden)
    return {"teams": rows, "total": total, "respondents": n, "any_hidden": hidden > 0}
