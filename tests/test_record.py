"""calculators.core.record: dataclass behaviour without compiling code when a class is defined."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from calculators.core.record import FrozenError, field, record, replace
from sitekit import PROJECT


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: tuple = ()


@record
class Tally:
    name: str
    counts: dict = field(default_factory=dict)

    def __post_init__(self):
        self.name = self.name.strip()


@dataclasses.dataclass(frozen=True)
class PointDC:
    x: int
    y: int = 0
    tags: tuple = ()


def test_fields_by_position_keyword_and_default():
    assert (Point(1).x, Point(1).y, Point(1).tags) == (1, 0, ())
    assert Point(1, 2) == Point(y=2, x=1)
    assert Tally("a").counts == {} and Tally("a").counts is not Tally("a").counts  # a fresh default each time


def test_behaves_as_the_same_dataclass():
    for args, kwargs in [((1,), {}), ((1, 2), {}), ((), {"x": 3, "tags": ("a",)}), ((4,), {"y": 5})]:
        ours, theirs = Point(*args, **kwargs), PointDC(*args, **kwargs)
        assert repr(ours) == repr(theirs).replace("PointDC", "Point")
        assert ours == Point(*args, **kwargs) and hash(ours) == hash(Point(*args, **kwargs))
    assert Point(1) != Point(2) and Point(1) != PointDC(1)


@pytest.mark.parametrize("call, message", [
    (lambda: Point(), "missing the argument 'x'"),
    (lambda: Point(1, x=2), "unexpected or repeated argument 'x'"),
    (lambda: Point(1, z=2), "unexpected or repeated argument 'z'"),
    (lambda: Point(1, 2, [], 4), "at most 3 arguments"),
])
def test_wrong_arguments_say_which(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_frozen_records_refuse_changes_and_hash():
    point = Point(1, 2)
    with pytest.raises(FrozenError):
        point.x = 5
    with pytest.raises(AttributeError):  # FrozenError is an AttributeError, as dataclasses' is
        del point.y
    assert {point: "a"}[Point(1, 2)] == "a"


def test_mutable_records_run_post_init_and_are_not_hashable():
    tally = Tally("  staff ")
    assert tally.name == "staff"
    tally.counts["a"] = 1
    assert tally == Tally("staff", {"a": 1})
    with pytest.raises(TypeError):
        hash(tally)


def test_replace_copies_with_changes():
    point = Point(1, 2, ("a",))
    assert replace(point, y=3) == Point(1, 3, ("a",)) and point.y == 2
    with pytest.raises(TypeError, match="'z'"):
        replace(point, z=1)


def test_definition_errors():
    with pytest.raises(TypeError, match="no default but comes after"):
        @record
        class Bad:
            a: int = 1
            b: int
    with pytest.raises(TypeError, match="cannot inherit"):
        @record
        class Child(Tally):
            extra: int = 0


def compiled_by(modules: list[str], listening=(True,)):
    """An audit hook that records which module each piece of code compiled or run from a string
    comes from (the module that called compile, exec or eval), while `listening` is not empty."""
    def hook(event, args):
        if event in ("compile", "exec") and listening:
            modules.append(sys._getframe(1).f_globals.get("__name__"))
    return hook


def test_defining_a_record_compiles_nothing():
    modules, listening = [], [True]
    sys.addaudithook(compiled_by(modules, listening))  # audit hooks cannot be removed: it is switched off below

    @dataclasses.dataclass
    class Compiled:  # the check can fail: a dataclass compiles its methods
        a: int

    assert "dataclasses" in modules
    modules.clear()

    @record(frozen=True)
    class Defined:
        a: int
        b: dict = field(default_factory=dict)

    listening.clear()
    assert modules == [] and Defined(1) == Defined(1, {})


# Every calculator module is imported in a fresh interpreter (the browser imports them all from the
# wheel, a page's own calculator before its first result).
IMPORT_ALL = """
import json, pkgutil, sys
import calculators
sys.path.insert(0, "tests")
from test_record import compiled_by
modules = []
sys.addaudithook(compiled_by(modules))
for module in pkgutil.iter_modules(calculators.__path__):
    if module.name not in ("pandas_adapter", "__main__"):
        __import__("calculators." + module.name)
print(json.dumps(modules))
"""


def test_no_calculator_module_compiles_dataclass_methods():
    """dataclasses compiles each class's methods with exec when the class is defined: slow in the
    browser, which every calculator page paid before it was ready."""
    out = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert "dataclasses" not in json.loads(out.stdout)
