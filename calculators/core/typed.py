"""Reading what people type: invisible characters and numbers (moved from calculators.core.spec,
which still offers every name here)."""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from calculators.core.spec import Input


# Characters nobody can see that make two names which look the same different: NUL and other
# control characters, zero-width spaces and joiners, the byte order mark, soft hyphens, bidi
# controls, Unicode "tag" characters and lone surrogates (which cannot even be saved as UTF-8).
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                       "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]")
MAX_DIGITS = 300  # a number with more digits than this is a mistake, whatever it was meant to be


def clean_text(text: str) -> tuple[str, int]:
    """Text with invisible characters removed (line breaks and tabs kept) and letters written in
    Unicode's composed form (NFC), so "Caf\u00e9" typed two ways is one name. Returns (text, how many
    characters were removed or recomposed)."""
    cleaned, removed = INVISIBLE.subn("", text)
    if not cleaned.isascii():
        import unicodedata  # only for text that needs it: importing it costs start-up time in the browser

        composed = unicodedata.normalize("NFC", cleaned)
        if composed != cleaned:
            removed += max(1, len(cleaned) - len(composed))
            cleaned = composed
    return cleaned, removed


def _shown(raw: Any, limit: int = 40) -> str:
    text = str(raw)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class NumberError(ValueError):
    """A number that cannot be read, or could be read two ways; the message says what it could mean
    (without saying where: the caller adds the field, line and column). `not_a_number` is True for
    text that is no number at all ("ten")."""

    def __init__(self, message: str, not_a_number: bool = False):
        super().__init__(message)
        self.not_a_number = not_a_number


_GROUPED = re.compile(r"[0-9]{1,3}(?:[.,' \u00a0\u202f\u2009][0-9]{3})+")
_SPACES = " \u00a0\u202f\u2009"


def read_number(text: str, decimal: str = ".") -> int | float:
    """A number as people write it: "1,234", "12.0", "1 234" and, where `decimal` is ",",
    "12,0" and "1.234". `decimal` is the file's decimal mark: ".", "," or "" when unknown.

    Only one reading is accepted. A cell that could be read two ways ("1.000": 1000 or 1?) or that
    holds two numbers ("1 2") raises NumberError saying what it could mean; so do numbers with more
    than MAX_DIGITS digits. Returns an int when the value is whole, else a float."""
    raw = text
    text = text.strip().strip(_SPACES)
    sign = 1
    if text[:1] in ("-", "\u2212"):
        sign, text = -1, text[1:].lstrip()
    elif text[:1] == "+":
        text = text[1:].lstrip()
    if not re.fullmatch(r"[0-9](?:[0-9.,' \u00a0\u202f\u2009]*[0-9])?", text):
        try:
            value = float(raw.strip())
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            raise NumberError(f"\u201c{_shown(raw)}\u201d is not a number", not_a_number=True) from None
        raise NumberError(f"\u201c{_shown(raw)}\u201d is not written as plain digits; write it as a plain number, "
                          f"for example {_fmt(value) if abs(value) < 1e15 else '1234'}")
    digits = sum(ch in "0123456789" for ch in text)
    if digits > MAX_DIGITS:
        raise NumberError(f"the number has {digits:,} digits, far too many to be a real figure")
    seps = [ch for ch in text if ch not in "0123456789"]
    if not seps:
        whole, fraction = text, ""
    elif any(ch in _SPACES for ch in seps) and not all(ch in _SPACES for ch in seps):
        whole, fraction = _split_mixed(text, raw)
    elif len(set(seps)) == 1:
        mark = seps[0]
        groups = text.split(mark)
        if mark in _SPACES or mark == "'":
            if not _GROUPED.fullmatch(text):
                parts = " and ".join(groups[:3])
                raise NumberError(f"\u201c{_shown(raw)}\u201d has a space inside it: it could be {''.join(groups)}, "
                                  f"or two numbers ({parts}). Write one number, without spaces")
            whole, fraction = "".join(groups), ""
        elif len(groups) > 2:
            if not _GROUPED.fullmatch(text):
                raise NumberError(f"\u201c{_shown(raw)}\u201d is not a number: the {_mark_name(mark)}s are in the wrong places")
            whole, fraction = "".join(groups), ""  # only thousands can be grouped more than once
        else:
            before, after = groups
            if len(after) == 3 and before[0] != "0" and len(before) <= 3:  # 1,234 or 1.234: thousands or a decimal?
                if not decimal or mark == decimal:
                    raise NumberError(_two_readings(raw, before, after, mark))
                whole, fraction = before + after, ""  # the file writes thousands this way
            elif decimal and mark != decimal:  # "40,5" where numbers use a decimal point
                raise NumberError(f"\u201c{_shown(raw)}\u201d probably means {before}.{after} (with a decimal {_mark_name(mark)}), "
                                  f"but numbers here use a decimal {_mark_name(decimal)}, so it could also be a mistyped "
                                  f"{before}{after}. Write it with a decimal {_mark_name(decimal)} or with no mark at all")
            else:
                whole, fraction = before, after
    else:
        whole, fraction = _split_mixed(text, raw)
    whole = whole.lstrip("0") or "0"
    if fraction.strip("0"):
        value = sign * float(f"{whole}.{fraction}")
        return value
    return sign * int(whole)


def _split_mixed(text: str, raw: str) -> tuple[str, str]:
    """Both marks in one number, "1,234.5" or "1.234,5": the last mark is the decimal one."""
    last = max(text.rfind("."), text.rfind(","))
    if last < 0:  # spaces and apostrophes only: thousands
        if not _GROUPED.fullmatch(text):
            raise NumberError(f"\u201c{_shown(raw)}\u201d is not a number: its marks between the digits are in the wrong places")
        return re.sub(r"[^0-9]", "", text), ""
    head, fraction = text[:last], text[last + 1:]
    if not _GROUPED.fullmatch(head) or text[last] in head:
        raise NumberError(f"\u201c{_shown(raw)}\u201d is not a number: its marks between the digits are in the wrong places")
    return re.sub(r"[^0-9]", "", head), fraction


def _mark_name(mark: str) -> str:
    return {".": "point", ",": "comma", "'": "apostrophe"}.get(mark, "space")


def _two_readings(raw: str, before: str, after: str, mark: str) -> str:
    small = f"{before}.{after}".rstrip("0").rstrip(".")
    return (f"\u201c{_shown(raw)}\u201d could mean {before}{after} (with a {_mark_name(mark)} between the thousands) or "
            f"{small} (with a decimal {_mark_name(mark)}). Write it without the {_mark_name(mark)}, for example {before}{after}")


def _number(spec: Input, raw: Any, where: str) -> float | int | None:
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(f"{where} must be a number, not \u201c{_shown(raw)}\u201d")
    if isinstance(raw, int):
        if abs(raw).bit_length() > 997:  # more than MAX_DIGITS (300) digits
            raise ValueError(f"{where} must be a number of at most {MAX_DIGITS} digits")
        value: int | float = raw
    elif isinstance(raw, float):
        value = raw
    else:
        try:
            value = read_number(raw)
        except NumberError as exc:
            raise ValueError(f"{where} must be a number, not \u201c{_shown(raw)}\u201d" if exc.not_a_number else f"{where}: {exc}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where} must be a finite number")
    if spec.integer:
        if value != int(value):
            raise ValueError(f"{where} must be a whole number, not {_shown(raw)}")
        value = int(value)
    if spec.minimum is not None and value < spec.minimum:
        raise ValueError(f"{where} must be {_fmt(spec.minimum)} or more")
    if spec.maximum is not None and value > spec.maximum:
        raise ValueError(f"{where} must be {_fmt(spec.maximum)} or less")
    return value


INVISIBLE_NOTE = ("Invisible characters (such as zero-width spaces, NUL or other control characters) were removed from "
                  "{where}, and any accented letter written in two ways was made one, so names that look the same are "
                  "counted as one. They are not in the downloads.")


def _kind_of(value: Any) -> str:
    if isinstance(value, str):
        return f"the text \u201c{_shown(value)}\u201d"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, (list, tuple)) else "a set of values"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
