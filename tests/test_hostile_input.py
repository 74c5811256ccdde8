"""Hostile and careless input (issue 22, items 2 and 3; issue 21, item 3): numbers are read as
people write them or refused, names carry no invisible characters, and no input to any calculator
or to `python -m calculators` ends in a traceback.

One test per class of bad input. The figures come from the files made here, never from content."""
from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import time
import zlib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import calculators.core.registry as registry
from calculators.edges.cli import main
from calculators.core.content import load_content
from calculators.representation.spec import SPEC as REPRESENTATION
from calculators.core.spec import InputError, InputErrors, run
from calculators.shared.tabular import MAX_COUNT, decode_bytes, parse_count, read_delimited
from sitekit import PROJECT

HEADER = "level,professional,intermediate,lower,not_known"
INTERNAL = "went wrong inside"  # the CLI's last-resort message: a fault it did not foresee


def cli(*args: str) -> tuple[int, str, str]:
    """main() in this process: (exit code, stdout, stderr). An exception escaping it fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def module(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *map(str, args)], capture_output=True, cwd=PROJECT,
                          timeout=timeout, **kwargs)


def plain_failure(code: int, err: str) -> None:
    """One plain message and a non-zero exit: no traceback, no internal-fault message."""
    assert code not in (0, None), err
    assert "Traceback" not in err and INTERNAL not in err, err
    assert err.strip(), "a failure must say what is wrong"


def counts_of(outcome: dict) -> dict[str, dict]:
    assert outcome["ok"], outcome.get("errors")
    table = next(t for t in outcome["result"]["tables"] if t["id"] == "counts-level")
    return {row["name"]: row for row in table["rows"]}


def run_file(text: str) -> dict:
    return run(REPRESENTATION, {"source": "file", "upload": text}, load_content())


def errors_of(text: str) -> list[dict]:
    outcome = run_file(text)
    assert not outcome["ok"], "expected the file to be refused"
    return outcome["errors"]


# --- 1. Numbers read as people write them, or refused --------------------------------------------


def test_a_semicolon_file_with_decimal_commas_reads_the_counts_exactly():
    text = "level;professional;intermediate;lower;not_known\nSenior;120,0;50,0;40,0;10,0\nJunior;200,0;150,0;160,0;20,0\n"
    assert read_delimited(text, "upload").decimal == ","
    rows = counts_of(run_file(text))
    assert [rows["Senior"][c] for c in ("professional", "intermediate", "lower", "unknown")] == [120, 50, 40, 10]
    assert rows["Junior"]["answered"] == 530
    # and small counts stay small, so they are still hidden: 12,0 is 12, not 120
    assert parse_count("12,0", "upload", 2, "lower", read_delimited(text, "upload").decimal) == 12


@pytest.mark.parametrize("cell, readings", [
    ('"40,5"', ["40.5"]),
    ("1 2", ["12", "1 and 2"]),
    ("1.000", ["1000", " 1 "]),
])
def test_ambiguous_count_cells_are_refused_naming_the_cell_and_what_it_could_mean(cell, readings):
    text = f"{HEADER}\nSenior,50,40,30,5\nJunior,60,{cell},30,5\n"
    (error,) = errors_of(text)
    assert error["row"] == 3 and error["column"] == "intermediate"
    assert "Line 3" in error["message"] and "intermediate" in error["message"]
    for reading in readings:
        assert reading in error["message"].replace("(", " ").replace(")", " "), error["message"]


def test_the_same_cell_reads_by_the_files_own_decimal_mark():
    # "1,234" is 1234 in a comma file with decimal points, and "1.234" is 1234 in a semicolon file
    assert counts_of(run_file(f'{HEADER}\nSenior,"1,234",40,30,5\n'))["Senior"]["professional"] == 1234
    semi = "level;professional;intermediate;lower;not_known\nSenior;1.234;40;30;5,0\n"
    assert counts_of(run_file(semi))["Senior"]["professional"] == 1234
    # pasted cells (tab-separated) with nothing to show the mark: "1,234" is 1234 as in the UK, and
    # "1.000" could be 1 or 1000, so it is refused
    pasted = HEADER.replace(",", "\t") + "\nSenior\t1,234\t40\t30\t5\n"
    assert counts_of(run(REPRESENTATION, {"source": "paste", "paste": pasted}, load_content()))["Senior"]["professional"] == 1234
    (error,) = errors_of(HEADER.replace(",", "\t") + "\nSenior\t1.000\t40\t30\t5\n")
    assert "1000" in error["message"] and error["row"] == 2


@pytest.mark.parametrize("cell", ["9" * 8 + "0", "1" * 20, "7" * 400, "3" * 5000])
def test_counts_have_a_sensible_maximum_and_huge_numbers_are_a_clear_error(cell):
    (error,) = errors_of(f"{HEADER}\nSenior,50,{cell},30,5\n")
    assert error["row"] == 2 and error["column"] == "intermediate"
    assert f"{MAX_COUNT:,}" in error["message"] or "digits" in error["message"]
    assert cell not in error["message"]  # a 5,000-digit number is not printed back
    assert counts_of(run_file(f"{HEADER}\nSenior,50,{MAX_COUNT},30,5\n"))["Senior"]["intermediate"] == MAX_COUNT


@pytest.mark.parametrize("cell", ["2.5", '"2,5"', "1e3", "12%", "\u00b2"])
def test_counts_that_are_not_whole_numbers_are_refused(cell):
    (error,) = errors_of(f"{HEADER}\nSenior,50,{cell},30,5\n")
    assert error["row"] == 2 and error["column"] == "intermediate"


def test_numbers_typed_in_the_form_are_read_the_same_way():
    levels = [{"level": "Senior", "professional": "40,5", "lower": 3}, {"level": "Junior", "professional": "1.000", "lower": 3}]
    outcome = run(REPRESENTATION, {"source": "form", "levels": levels}, load_content())
    assert not outcome["ok"]
    assert {(e["row"], e["column"]) for e in outcome["errors"]} == {(1, "professional"), (2, "professional")}


# --- 2. Names: no invisible characters, one name for what looks like one ------------------------


def test_invisible_characters_in_names_are_removed_with_a_note_and_never_downloaded():
    rows = ["Senior,Professional", "Sen\u200bior,Professional", "Senior\x00,Lower", "\u202eSenior,Lower",
            "Caf\u00e9,Lower", "Cafe\u0301,Lower"] * 5
    outcome = run(REPRESENTATION, {"source": "file", "upload": "level,answer\n" + "\n".join(rows) + "\n",
                                   "threshold": 5}, load_content())
    assert set(counts_of(outcome)) - {"All levels"} == {"Senior", "Caf\u00e9"}
    notices = " ".join(n["text"] for n in outcome["result"]["notices"])
    assert "Invisible characters" in notices and "line" in notices
    for d in outcome["result"]["downloads"]:
        for bad in ("\x00", "\u200b", "\u202e", "e\u0301"):
            assert bad not in d["text"], (d["filename"], bad)


def test_invisible_characters_in_typed_names_are_removed_too():
    levels = [{"level": "Senior", "professional": 20, "lower": 20}, {"level": "Senior\u200b", "professional": 20, "lower": 20}]
    outcome = run(REPRESENTATION, {"source": "form", "levels": levels}, load_content())
    assert not outcome["ok"] and "repeats the level" in outcome["errors"][0]["message"]


# --- 3. No traceback, ever, on the command line ---------------------------------------------------


JSON_CALCULATORS = ["response-rate", "say-do-gap"]


@pytest.mark.parametrize("calculator", JSON_CALCULATORS)
@pytest.mark.parametrize("payload", ["[1, 2]", '"text"', "42", "null", "true",
                                     '{"mode": "survey", "teams": "abc"}', '{"mode": "survey", "teams": [1, "x"]}',
                                     '{"mode": "survey", "teams": {"a": 1}}', '{"invited": [1], "answered": {"a": 1}}',
                                     '{"mode": ["survey"], "teams": [{"team": {"x": 1}, "said_yes": [1]}]}'])
def test_json_inputs_of_the_wrong_shape_are_one_plain_message(tmp_path, calculator, payload):
    path = tmp_path / "inputs.json"
    path.write_text(payload)
    plain_failure(*cli(calculator, path, "--json")[::2])
    plain_failure(*cli(calculator, path)[::2])


@pytest.mark.parametrize("data", [b"", b"   \n", b"{", b'{"invited": 10,}', b"\xff\xfe{\x00}\x00", b"\x89PNG\r\n\x1a\n\x00\x00",
                                  b'{"invited": caf\xe9}', b"[" * 100_000, b'{"invited": ' + b"9" * 5000 + b"}"])
def test_invalid_empty_or_unreadable_json_is_one_plain_message(tmp_path, data):
    path = tmp_path / "inputs.json"
    path.write_bytes(data)
    code, _, err = cli("response-rate", path)
    plain_failure(code, err)
    assert "inputs.json" in err


@pytest.mark.parametrize("where", ["json", "set", "csv"])
def test_400_digit_numbers_are_one_plain_message(tmp_path, where):
    huge = "9" * 400
    if where == "json":
        path = tmp_path / "inputs.json"
        path.write_text(f'{{"invited": {huge}, "answered": {huge}}}')
        code, _, err = cli("response-rate", path)
    elif where == "set":
        path = tmp_path / "r.csv"
        path.write_text(f"{HEADER}\nSenior,50,40,30,5\n")
        code, _, err = cli("representation-gap", path, "--set", f"threshold={huge}")
    else:
        path = tmp_path / "r.csv"
        path.write_text(f"{HEADER}\nSenior,50,{huge},30,5\n")
        code, _, err = cli("representation-gap", path)
    plain_failure(code, err)


@pytest.mark.parametrize("setting, words", [
    ("threshold", "threshold=VALUE"),
    ("thresh old", "NAME=VALUE"),
    ("=5", "NAME=VALUE"),
    ("threshold=", "no value"),
    ("answer_map={not json", "not valid JSON"),
    ("answer_map=[[[", "not valid JSON"),
    ("treshold=3", "threshold"),  # a typo is an error that lists the real names
])
def test_set_in_any_form_is_checked(tmp_path, setting, words):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\nSenior,50,40,30,5\n")
    code, _, err = cli("representation-gap", path, "--set", setting)
    plain_failure(code, err)
    assert words in err


def test_an_unknown_set_name_lists_the_valid_names(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\nSenior,50,40,30,5\n")
    code, out, err = cli("representation-gap", path, "--set", "treshold=3")
    assert code != 0 and out == ""
    for spec_input in REPRESENTATION.inputs:
        assert spec_input.name in err


def test_a_folder_a_missing_file_or_a_symlink_loop_given_as_the_file(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    for path in (tmp_path, tmp_path / "missing.csv", loop):
        plain_failure(*cli("representation-gap", path)[::2])


@pytest.mark.parametrize("calculator", ["representation-gap", "say-do-gap", "job-advert-checker"])
def test_a_png_renamed_csv_is_refused(tmp_path, calculator):
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(13) + zlib.compress(bytes(range(256)) * 8)
    path = tmp_path / "picture.csv"
    path.write_bytes(png)
    code, _, err = cli(calculator, path)
    plain_failure(code, err)
    assert "PNG" in err


def test_utf16_with_a_byte_order_mark_is_read_and_without_one_refused(tmp_path):
    text = f"{HEADER}\nS\u00e9nior,50,40,30,5\nJunior,60,40,30,5\n"
    expected = cli("representation-gap", _write(tmp_path / "utf8.csv", text.encode("utf-8")), "--json")
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        data = text.encode(codec) if codec != "utf-16-be" else b"\xfe\xff" + text.encode(codec)
        code, out, err = cli("representation-gap", _write(tmp_path / f"{codec}.csv", data), "--json")
        assert code == 0, err
        assert json.loads(out) == json.loads(expected[1])
    for codec in ("utf-16-le", "utf-16-be"):
        code, _, err = cli("representation-gap", _write(tmp_path / f"{codec}-nobom.csv", text.encode(codec)))
        plain_failure(code, err)
        assert "UTF-16" in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_input_is_read_only_up_to_a_bound_and_says_so(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    done = module("representation-gap", device, "--max-mb", "2", timeout=60)
    err = done.stderr.decode()
    plain_failure(done.returncode, err)
    assert "2 MB" in err and "--max-mb" in err


def test_the_default_bound_stops_an_endless_file_too():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    done = module("representation-gap", "/dev/zero", timeout=120)
    plain_failure(done.returncode, done.stderr.decode())
    assert "100 MB" in done.stderr.decode()


def test_out_naming_a_file_or_an_unwritable_place(tmp_path):
    path = _write(tmp_path / "r.csv", f"{HEADER}\nSenior,50,40,30,5\nJunior,60,40,30,5\n".encode())
    a_file = _write(tmp_path / "report.txt", b"")
    for out in (a_file, a_file / "inside", Path("/proc/version/reports")):
        code, _, err = cli("representation-gap", path, "--out", out)
        plain_failure(code, err)
        assert str(out) in err


@pytest.mark.parametrize("calculator, data", [
    ("representation-gap", (f"{HEADER}\n" + "".join(f"Level {i},50,40,30,5\n" for i in range(40))).encode()),
    ("job-advert-checker", b"Applicants must have a 2:1 degree from a top university. Unpaid internship.\n" * 200),
])
def test_output_into_a_closed_pipe_ends_quietly(tmp_path, calculator, data):
    path = _write(tmp_path / "input.txt", data)
    for extra in ([], ["--json"]):
        reader, writer = os.pipe()
        os.close(reader)  # like `| head` that has already gone
        try:
            done = subprocess.run([sys.executable, "-m", "calculators", calculator, str(path), *extra], stdout=writer,
                                  stderr=subprocess.PIPE, cwd=PROJECT, timeout=120)
        finally:
            os.close(writer)
        err = done.stderr.decode()
        assert done.returncode in (0, 141), err
        assert "Traceback" not in err and "Exception ignored" not in err and "BrokenPipe" not in err, err


def test_output_piped_into_head_ends_quietly(tmp_path):
    path = _write(tmp_path / "r.csv", (f"{HEADER}\n" + "".join(f"Level {i},50,40,30,5\n" for i in range(40))).encode())
    command = f"{sys.executable} -m calculators representation-gap {path} --json | head -n 1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, cwd=PROJECT, timeout=120)
    assert done.returncode in (0, 141), done.stderr
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr, done.stderr


# --- 4. A fuzz loop: random files and random command lines ---------------------------------------


TOKENS = ["level", "answer", "professional", "lower", "not_known", "team", "Senior", "Junior", "1", "0", "-3", "2.5", "1,000",
          "1.000", '"40,5"', "1 2", "9" * 30, "\u200b", "\x00", "\ufeff", "\ud800", "\u202e", "Caf\u00e9", "=1+1", '"', "'",
          ",", ";", "\t", "\n", "\r\n", " ", "[c]", "{", "}", "[", "]", ":", "yes", "no", "Prefer not to say", "e\u0301"]


def _random_file(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.15:
        return rng.randbytes(rng.randint(0, 3000))
    text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 400)))
    if kind < 0.3:
        text = json.dumps({rng.choice(["invited", "answered", "mode", "teams", "levels", "source", "threshold"]):
                           rng.choice([text, 1, -1, 10 ** 50, [text], {"a": text}, None, True, 1.5e308])})
    codec = rng.choice(["utf-8", "utf-8", "utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8-sig"])
    return text.encode(codec, errors="surrogatepass" if codec.startswith("utf") else "replace")


def _random_args(rng: random.Random, path: Path, folder: Path) -> list[str]:
    calculator = rng.choice([s.id for s in registry.all_specs()] + ["nope", ""])
    args = [calculator, str(path)] if calculator else [str(path)]
    for _ in range(rng.randint(0, 3)):
        choice = rng.random()
        if choice < 0.5:
            name = rng.choice(["threshold", "answer_map", "column_map", "level_order", "source", "mode", "teams", "x", "", "invited"])
            value = rng.choice(["", "3", "-1", "9" * 400, "{", "[1]", '{"a": "lower"}', "nan", "\u200b", "[[[[", "null", "1e999"])
            args += ["--set", rng.choice([f"{name}={value}", name, f"={value}"])]
        elif choice < 0.7:
            args.append("--json")
        elif choice < 0.85:
            args += ["--out", str(rng.choice([folder, folder / "sub", path, path / "x"]))]
        else:
            args += ["--max-mb", rng.choice(["0", "-1", "0.001", "nan", "1e9", "abc"])]
    return args


def test_fuzz_random_files_and_command_lines_never_give_a_traceback(tmp_path):
    rng = random.Random(22)
    budget, started, tried = 60.0, time.monotonic(), 0
    while tried < 400 and time.monotonic() - started < budget:
        path = tmp_path / rng.choice(["in.csv", "in.json", "in.txt", "in.tsv"])
        path.write_bytes(_random_file(rng))
        args = _random_args(rng, path, tmp_path / "out")
        code, _, err = cli(*args)
        assert "Traceback" not in err and INTERNAL not in err, (args, path.read_bytes()[:200], err)
        assert code in (0, 1, 2), (args, code, err)
        tried += 1
    assert tried >= 50, f"only {tried} random inputs were tried in {budget} s"


def test_fuzz_random_text_into_every_calculator_gives_a_result_or_plain_errors():
    rng = random.Random(2022)
    content = load_content()
    for _ in range(150):
        spec = rng.choice(registry.all_specs())
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 200)))
        values = {i.name: rng.choice([text, None, 5, [text], {"k": text}, [{"x": text}], 10 ** 40, "9" * 400]) for i in spec.inputs}
        for i in spec.inputs:
            if i.kind == "choice" and i.choices and rng.random() < 0.7:  # reach the inputs that depend on a choice
                values[i.name] = rng.choice(i.choices).value
            if i.kind == "table" and rng.random() < 0.5:
                values[i.name] = [{c.name: rng.choice([text, "1,000", "40,5", 10 ** 40, [1], {"a": 1}, None, "\u200bA"])
                                   for c in i.columns} for _ in range(rng.randint(0, 4))] + rng.choice([[], [1], ["x"], [None]])
        if spec.cli_file_input:
            values[spec.cli_file_input] = text
        outcome = run(spec, values, content)  # raising anything here is the failure
        assert outcome["ok"] or all(e["message"] for e in outcome["errors"])
        json.dumps(outcome, ensure_ascii=False)


def test_the_decoder_refuses_binary_and_reads_text():
    with pytest.raises(InputError):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises((InputError, InputErrors)):
        read_delimited("\u2030PNG\r\n\x1a\n" + "\x00" * 100, "upload")  # a PNG as a browser reads it as text
    assert decode_bytes("level\nCaf\u00e9\n".encode("utf-16"))[0] == "level\nCaf\u00e9\n"


from hypothesis import given, settings, strategies as st  # noqa: E402

NUMBERISH = st.text(alphabet="0123456789.,' -+\u00a0\u2212e%\u0663\u00b2x\t", max_size=40)


@settings(max_examples=400, deadline=None)
@given(cell=st.one_of(NUMBERISH, st.text(max_size=40)), decimal=st.sampled_from([".", ",", ""]))
def test_any_cell_is_a_count_in_range_or_a_plain_error_naming_it(cell, decimal):
    try:
        value = parse_count(cell, "upload", 9, "lower", decimal)
    except InputError as exc:
        assert exc.row == 9 and exc.column == "lower" and exc.message.startswith("Line 9")
    else:
        assert isinstance(value, int) and 0 <= value <= MAX_COUNT


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(TOKENS + list("abc019")), max_size=150))
def test_any_text_is_a_table_or_plain_errors(parts):
    text = "".join(parts)
    try:
        parsed = read_delimited(text, "upload")
    except (InputError, InputErrors):
        return
    for row in parsed.rows:
        for cell in row:
            assert "\x00" not in cell and "\u200b" not in cell


def test_a_missing_or_empty_file_asks_for_the_file_by_its_name():
    from calculators.pay_gap.spec import SPEC as PAY

    for spec in (PAY, REPRESENTATION):
        out = run(spec, {"source": "file", "upload": ""}, load_content())
        assert not out["ok"] and out["errors"][0]["message"] == "Choose a CSV file: none was given, or it is empty"
