"""Regular expressions in the advert rules that could take very long to run.

A pattern such as `(a+)+$` backtracks catastrophically: on a 60-character advert it can run for
minutes, and in the browser past the watchdog. The rules are content, so every pattern is
checked when the rules are validated (the site build and `toolkit check`):

1. its structure: an unbounded repeat (`+`, `*`, `{n,}`) around something that can itself repeat
   (`(a+)+`, `(\\w+\\s?)*`), or around alternatives that can start with the same character
   (`(a|ab)+`, `(\\w|-)*`): the two shapes that make the regex engine try exponentially many ways;
2. its running time, on strings made to trip it (runs of the characters it mentions, followed by
   a character it does not expect), growing step by step with a hard cap: a search that takes
   longer than the cap stops the check, so the check itself never runs away.

Both give a plain-English problem naming the pattern and how to rewrite it.
"""
from __future__ import annotations

import re
import time

try:  # Python 3.11+
    import re._parser as _sre  # type: ignore[import-not-found]
    from re import _constants as _c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

_PROBE = "".join(chr(i) for i in range(32, 127)) + "\n\t\u00a0é£‘’–"
_UNBOUNDED = _c.MAXREPEAT
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({getattr(_c, "POSSESSIVE_REPEAT")} if hasattr(_c, "POSSESSIVE_REPEAT") else set())
_WORD = re.compile(r"\w")


def _category(cat, ch: str) -> bool:
    name = str(cat).upper()
    if "NOT_DIGIT" in name:
        return not ch.isdigit()
    if "DIGIT" in name:
        return ch.isdigit()
    if "NOT_SPACE" in name:
        return not ch.isspace()
    if "SPACE" in name:
        return ch.isspace()
    if "NOT_WORD" in name:
        return _WORD.match(ch) is None
    if "WORD" in name:
        return _WORD.match(ch) is not None
    if "NOT_LINEBREAK" in name:
        return ch != "\n"
    if "LINEBREAK" in name:
        return ch == "\n"
    return True


def _in_set(items, ch: str) -> bool:
    negate, hit = False, False
    for op, av in items:
        if op == _c.NEGATE:
            negate = True
        elif op == _c.LITERAL:
            hit = hit or ord(ch) == av
        elif op == _c.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op == _c.CATEGORY:
            hit = hit or _category(av, ch)
        else:  # anything unusual: assume it may match
            hit = True
    return hit != negate


def _first(items) -> tuple[frozenset, bool]:
    """Characters (of a probe alphabet) a sequence can start with, and whether it can match empty."""
    chars: set[str] = set()
    for op, av in items:
        first, empty = _first_item(op, av)
        chars |= first
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _first_item(op, av) -> tuple[frozenset, bool]:
    if op == _c.LITERAL:
        return frozenset((chr(av),)), False
    if op == _c.NOT_LITERAL:
        return frozenset(ch for ch in _PROBE if ord(ch) != av), False
    if op == _c.ANY:
        return frozenset(ch for ch in _PROBE if ch != "\n"), False
    if op == _c.IN:
        return frozenset(ch for ch in _PROBE if _in_set(av, ch)), False
    if op == _c.SUBPATTERN:
        return _first(av[-1])
    if op == _c.BRANCH:
        chars, empty = set(), False
        for alternative in av[1]:
            first, can_be_empty = _first(alternative)
            chars |= first
            empty = empty or can_be_empty
        return frozenset(chars), empty
    if op in _REPEATS:
        first, empty = _first(av[2])
        return first, empty or av[0] == 0
    if op == getattr(_c, "ATOMIC_GROUP", None):
        return _first(av)
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset(), True
    return frozenset(_PROBE), True  # back references and the like: assume the worst


def _can_repeat(items) -> bool:
    """True when the sequence holds a repeat that can match a varying number of times (a fixed
    count such as \\d{3} cannot be split more than one way)."""
    for op, av in items:
        if op in _REPEATS and av[0] != av[1] and (av[1] == _UNBOUNDED or av[1] > 1) and _first(av[2])[0]:
            return True
        for sub in _children(op, av):
            if _can_repeat(sub):
                return True
    return False


def _children(op, av) -> list:
    if op == _c.SUBPATTERN:
        return [av[-1]]
    if op == _c.BRANCH:
        return list(av[1])
    if op in _REPEATS:
        return [av[2]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op == getattr(_c, "ATOMIC_GROUP", None):
        return [av]
    return []


def _overlapping_branch(items) -> bool:
    """True when the sequence holds alternatives that can start with the same character."""
    for op, av in items:
        if op == _c.BRANCH:
            firsts = [_first(alternative) for alternative in av[1]]
            for i, (a, a_empty) in enumerate(firsts):
                for b, b_empty in firsts[i + 1:]:
                    if a & b or (a_empty and b_empty):
                        return True
        for sub in _children(op, av):
            if _overlapping_branch(sub):
                return True
    return False


def structure_problem(pattern: str) -> str | None:
    """Why the pattern's shape can backtrack catastrophically, or None."""
    try:
        tree = _sre.parse(pattern)
    except Exception:  # noqa: BLE001 - the caller reports invalid patterns
        return None
    return _walk(list(tree))


def _walk(items) -> str | None:
    for op, av in items:
        if op in _REPEATS and op != getattr(_c, "POSSESSIVE_REPEAT", None) and av[1] == _UNBOUNDED:
            inner = list(av[2])
            if _can_repeat(inner):
                return ("it repeats, without a limit, something that itself repeats (like (a+)+), which can take "
                        "minutes on a short advert; remove the inner or the outer repeat, or give the outer one "
                        "a limit such as {0,3}")
            if _overlapping_branch(inner):
                return ("it repeats, without a limit, alternatives that can start with the same character (like "
                        "(a|ab)+), which can take minutes on a short advert; make the alternatives start differently, "
                        "or give the repeat a limit such as {0,3}")
        for sub in _children(op, av):
            problem = _walk(list(sub))
            if problem:
                return problem
    return None


# --- Timing against hostile strings ------------------------------------------------------------

CAP_SECONDS = 0.05  # one search of a hostile string of up to 4,000 characters may take this long at most
FLOOR_SECONDS = 0.015  # below this, growth is not judged (a busy machine adds a few ms at random)
GROWTH = 10  # four times the text may take at most this many times as long (linear: about 4)
# Exponential blow-up shows (and is stopped) among the short strings, polynomial among the long
# ones; each step is small enough that the search after the last one under the cap stays short.
_SHORT = (6, 10, 14, 18, 22, 26, 30)
_LONG = (62, 125, 250, 500, 1000, 2000, 4000)  # each a quarter of one after next, for growth
_TIMED: dict[str, str | None] = {}


def _hostile_strings(pattern: str) -> list[tuple[str, str, str]]:
    """(head, unit, tail): the string is the head, the unit repeated, then the tail, which the
    pattern does not expect, so the engine must try every way of matching the units before
    giving up. The head is the word the pattern starts with, so the repeats are reached."""
    literal = re.sub(r"\\.|[\[\](){}?*+|^$.]", " ", pattern)
    words = sorted(set(re.findall(r"[a-z0-9']{1,12}", literal.lower())), key=len, reverse=True)[:4]
    units = ["a", " ", "1", "a ", "-"] + [w for w in words] + [w + " " for w in words[:2]]
    lead = re.match(r"(?:\\b|\(\?<!\\w\))?([a-z0-9' ]+)", pattern)
    heads = [""] + ([lead.group(1)] if lead else [])
    return [(h, u, tail) for h in heads for u in dict.fromkeys(units) for tail in ("!", "\n")]


def _search_time(compiled: re.Pattern, text: str) -> float:
    start = time.perf_counter()
    compiled.search(text)
    return time.perf_counter() - start


def timing_problem(pattern: str, compiled: re.Pattern | None = None) -> str | None:
    """Why the pattern is too slow on a hostile string, or None. Remembered per pattern.

    Too slow means one search over the cap (CAP_SECONDS), or a search that grows faster than
    the text: four times the text taking more than GROWTH times as long (a linear search takes
    about four times as long), once it takes long enough to measure (FLOOR_SECONDS). Each time
    that looks too slow is the fastest of three runs, as the machine may be busy."""
    if pattern in _TIMED:
        return _TIMED[pattern]
    compiled = compiled or re.compile(pattern)
    problem = None
    for head, unit, tail in _hostile_strings(pattern):
        times: dict[int, float] = {}
        for size in _SHORT + _LONG:
            text = head + unit * max(1, size // len(unit)) + tail
            spent = _search_time(compiled, text)
            quarter = times.get(size // 4)
            if spent > CAP_SECONDS or (quarter is not None and spent > FLOOR_SECONDS and spent > GROWTH * quarter):
                # the machine may have been busy: the fastest of three runs, of both sizes
                spent = min(spent, *(_search_time(compiled, text) for _ in range(2)))
                if quarter is not None:
                    smaller = head + unit * max(1, (size // 4) // len(unit)) + tail
                    quarter = min(quarter, *(_search_time(compiled, smaller) for _ in range(2)))
            times[size] = spent
            if spent > CAP_SECONDS:
                how = f"it took {spent:.2f} s to search {len(text):,} characters"
            elif quarter and spent > FLOOR_SECONDS and spent > GROWTH * quarter:
                how = (f"its time grows faster than the text: {spent * 1000:.0f} ms for {len(text):,} characters "
                       f"against {quarter * 1000:.1f} ms for a quarter of them")
            else:
                continue
            problem = (f"{how} ({unit!r} repeated{f' after {head!r}' if head else ''}), so it would be very slow "
                       f"on a long advert; avoid repeats next to or inside repeats that match the same characters "
                       f"(like \\s+\\s*) and alternatives that overlap, and limit each repeat (for example {{0,40}} "
                       f"instead of * or +)")
            break
        if problem:
            break
    _TIMED[pattern] = problem
    return problem
