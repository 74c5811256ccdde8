"""The characteristics data file (content/data/characteristics.yml): a maintainer's mistakes are
named with their line and a fix, and the reader shared by both calculators counts every row with an
unrecognised answer. Expected groups and answers are read from the data file."""
from __future__ import annotations

import pytest
import yaml

from sitekit import PROJECT

DATA = PROJECT / "content/data"
CONTENT = {"characteristics": yaml.safe_load((DATA / "characteristics.yml").read_text(encoding="utf-8"))["characteristics"]}
CHARS = {c["id"]: c for c in CONTENT["characteristics"]["list"]}


# --- The data file: mistakes a maintainer could make are named with their line -----------------


def _content_with(tmp_path, change):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    path = content / "data" / "characteristics.yml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _errors(content):
    from generator.content.errors import ContentErrors
    from generator.content.loader import load_toolkit

    with pytest.raises(ContentErrors) as info:
        load_toolkit(content)
    return [e for e in info.value.errors if e.path == "content/data/characteristics.yml"]


def test_an_answer_in_two_groups_is_named_with_its_line(tmp_path):
    first, second = CHARS["sex"]["groups"][:2]
    taken = next(a for a in first["answers"] if isinstance(a, str))
    at = f"answers: [{second['answers'][0]}, "
    path = _content_with(tmp_path, lambda text: text.replace(at, f"{at}{taken}, ", 1))  # the second group takes the first's answer
    (error,) = _errors(path.parents[1])
    assert taken in error.problem and "two groups" in error.problem and error.line > 0
    assert "one group" in error.fix


def test_an_unquoted_yes_is_named_with_how_to_quote_it(tmp_path):
    path = _content_with(tmp_path, lambda text: text.replace('"yes",', "yes,", 1))
    (error,) = _errors(path.parents[1])
    assert "not text" in error.problem and "quotes" in error.fix and error.line > 0


def test_each_row_with_an_unrecognised_answer_is_counted_whatever_its_other_answers():
    from calculators.shared.characteristics import NOT_GIVEN, Reader, characteristics_from

    sex, ethnicity = characteristics_from(CONTENT)[:2]
    reader = Reader([(sex, 0), (ethnicity, 1)])
    women = CHARS["sex"]["groups"][0]["label"]
    rows = [[women, "Whyte"], ["", "Whyte"], [women, "Whyte"], ["Femail", "Whyte"], ["Femail", ""]]
    read = [reader(r) for r in rows]
    assert reader.unrecognised == {"sex": {"Femail": 2}, "ethnicity": {"Whyte": 4}}
    assert all(r[1] == NOT_GIVEN for r in read[:4])
