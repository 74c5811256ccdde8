"""Numbers for people to read, written once. Each name says what it gives:

- `percent_of(count, base)`: the share `count` is of `base`, in percent, to one decimal place;
- `plain_number(x)`: a number as typed: whole numbers without ".0", others as Python's "g" gives them;
- `one_decimal(x)`: whole numbers without ".0", others to one decimal place;
- `whole_number(x)`: the nearest whole number as text, halves rounded up (so 12.5 reads "13");
- `percent_text(x)`: a percentage already worked out, with its % sign ("12.5%").
"""
from __future__ import annotations

import math
from fractions import Fraction


def percent_of(count: int | float, base: int | float) -> float:
    return round(100 * count / base, 1)


def plain_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def one_decimal(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def whole_number(x: float) -> str:
    """A percentage or gap for a sentence: the nearest whole number, halves rounded up."""
    return str(math.floor(Fraction(str(x)) + Fraction(1, 2)))


def percent_text(x: float) -> str:
    return f"{x:g}%"
