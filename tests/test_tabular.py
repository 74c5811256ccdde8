"""Reading the CSV and tab-separated text people really have."""
from __future__ import annotations

import pytest

from calculators.shared.csv_safe import to_csv
from calculators.core.spec import InputError, InputErrors
from calculators.shared.tabular import decode_bytes, detect_delimiter, match_columns, normalise_header, parse_count, read_delimited


def _errors(text: str) -> list[dict]:
    with pytest.raises((InputError, InputErrors)) as info:
        read_delimited(text, "upload")
    exc = info.value
    return [e.as_dict() for e in exc.errors] if isinstance(exc, InputErrors) else [exc.as_dict()]


@pytest.mark.parametrize("text, delimiter", [
    ("level,answer\nStaff,1\n", ","),
    ("level;answer\nStaff;1\n", ";"),
    ("level\tanswer\nStaff\t1\n", "\t"),
])
def test_comma_semicolon_and_tab_files_are_all_read(text, delimiter):
    parsed = read_delimited(text, "upload")
    assert parsed.delimiter == delimiter
    assert parsed.header == ("level", "answer")
    assert parsed.rows == (("Staff", "1"),)


def test_delimiters_inside_quotes_do_not_count():
    assert detect_delimiter('"a;b;c",d,e') == ","


def test_a_utf8_byte_order_mark_is_ignored():
    parsed = read_delimited("\ufefflevel,answer\r\nStaff,1\r\n", "upload")
    assert parsed.header == ("level", "answer")


def test_blank_lines_are_skipped_and_line_numbers_still_match_the_file():
    parsed = read_delimited("level,answer\n\nStaff,1\n,,\nManagers,2\n", "upload")
    assert parsed.rows == (("Staff", "1"), ("Managers", "2"))
    assert parsed.lines == (3, 5)


def test_trailing_empty_cells_from_excel_are_accepted():
    parsed = read_delimited("level,answer\nStaff,1,,\n", "upload")
    assert parsed.rows == (("Staff", "1"),)


def test_ragged_rows_are_reported_with_their_line_numbers():
    errors = _errors("level,answer\nStaff,1\nManagers,2,3\nSenior\n")
    assert [e["row"] for e in errors] == [3, 4]
    assert "Line 3 has 3 values but the header has 2 columns" in errors[0]["message"]
    assert "Line 4 has 1 value" in errors[1]["message"]


def test_many_problems_are_listed_then_summarised():
    text = "level,answer\n" + "x,1,2\n" * 15
    errors = _errors(text)
    assert len(errors) == 11
    assert "5 more lines" in errors[-1]["message"]


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens():
    errors = _errors('level,answer\nStaff,1\n"Managers,2\nSenior,3\n')
    assert errors[0]["row"] == 3
    assert "never closed" in errors[0]["message"]


def test_a_quote_in_the_wrong_place_is_reported_on_its_line():
    errors = _errors('level,answer\nStaff,1\n"Mana"gers,2\n')
    assert errors[0]["row"] == 3
    assert "quote mark" in errors[0]["message"]


def test_a_quoted_value_running_over_lines_is_reported():
    errors = _errors('level,answer\n"Staff,1\nManagers",2\n')
    assert errors[0]["row"] == 2
    assert "runs on to line 3" in errors[0]["message"]


def test_a_quote_inside_an_unquoted_value_is_kept_as_text():
    parsed = read_delimited('level,answer\nO"Brien team,1\n', "upload")
    assert parsed.rows[0][0] == 'O"Brien team'


def test_an_empty_file_says_what_it_needs():
    for text in ("", "   \n\n", "\ufeff"):
        (error,) = _errors(text)
        assert "empty" in error["message"] and "header row" in error["message"]


def test_a_header_only_file_says_there_are_no_rows():
    (error,) = _errors("level,answer\n")
    assert "no rows of data" in error["message"]
    assert "level, answer" in error["message"]


def test_formula_looking_cells_are_kept_as_text_and_written_safely():
    parsed = read_delimited("level,answer\n=HYPERLINK(\"x\"),1\n+44,2\n", "upload")
    assert parsed.rows[0][0] == '=HYPERLINK("x")'
    written = to_csv(["level"], [[parsed.rows[0][0]], [parsed.rows[1][0]]])
    assert "'=HYPERLINK" in written and "'+44" in written


def test_blank_and_repeated_header_names_are_made_unique():
    parsed = read_delimited("level,,level\nA,b,c\n", "upload")
    assert parsed.header == ("level", "Column 2", "level (2)")


def test_headers_match_ignoring_case_spaces_underscores_and_hyphens():
    assert normalise_header(" Not_Known ") == normalise_header("not-known") == normalise_header("NotKnown")
    roles = {"level": ["grade"], "unknown": ["not known", "other"]}
    match = match_columns(["  GRADE ", "Not_known", "Other", "Salary"], roles)
    assert match.found == {"level": (0,), "unknown": (1, 2)}
    assert match.unmatched == (3,)


def test_the_users_column_mapping_wins_over_the_names():
    match = match_columns(["Grade", "Band"], {"level": ["grade", "band"]}, {"Grade": "ignore", "band": "level"})
    assert match.found == {"level": (1,)}


def test_non_utf8_bytes_are_read_as_windows_text_with_a_notice():
    text, notice = decode_bytes("level,answer\nCaf\u00e9 staff,1\n".encode("cp1252"))
    assert "Caf\u00e9 staff" in text
    assert "not UTF-8" in notice and "line 2" in notice


def test_utf8_bytes_with_a_bom_decode_without_a_notice():
    text, notice = decode_bytes("\ufefflevel\nCaf\u00e9\n".encode("utf-8"))
    assert text == "level\nCaf\u00e9\n" and notice is None


@pytest.mark.parametrize("cell, value", [("12", 12), (" 1,234 ", 1234), ("12.0", 12), ("", 0), ("+3", 3)])
def test_counts_accept_whole_numbers_as_spreadsheets_write_them(cell, value):
    assert parse_count(cell, "upload", 2, "lower") == value


@pytest.mark.parametrize("cell, words", [("-3", "negative"), ("2.5", "not a whole number"), ("ten", "not a number")])
def test_bad_counts_name_the_line_and_the_column(cell, words):
    with pytest.raises(InputError) as info:
        parse_count(cell, "upload", 7, "lower")
    assert words in info.value.message
    assert info.value.row == 7 and info.value.column == "lower"
    assert "Line 7, column \u201clower\u201d" in info.value.message


@pytest.mark.parametrize("cell, decimal, value", [
    ("1,234", ".", 1234), ("1.234", ",", 1234), ("12,0", ",", 12), ("12.0", ".", 12), ("1 234", ".", 1234),
    ("1\u00a0234", ",", 1234), ("1.234.567", ".", 1234567), ("1,234.0", ".", 1234), ("1.234,0", ",", 1234), ("007", ".", 7),
])
def test_counts_are_read_by_the_files_decimal_mark(cell, decimal, value):
    assert parse_count(cell, "upload", 2, "lower", decimal) == value


@pytest.mark.parametrize("cell, decimal", [
    ("1.000", "."), ("1,000", ","), ("1,000", ""), ("1 2", "."), ("40,5", "."), ("12.5", ","), ("1,2,3", "."), ("1.2.3", ","),
    ("10000001", "."), ("9" * 301, "."), ("1e3", "."), ("0x10", "."), ("\u0663", "."), ("nan", "."), ("inf", "."),
])
def test_cells_that_could_be_read_two_ways_or_are_out_of_range_are_refused(cell, decimal):
    with pytest.raises(InputError) as info:
        parse_count(cell, "upload", 4, "lower", decimal)
    assert info.value.row == 4 and info.value.column == "lower"
    assert "Line 4, column \u201clower\u201d" in info.value.message


@pytest.mark.parametrize("text, decimal", [
    ("level;lower\nA;12,5\n", ","),  # semicolon files: decimal comma unless a cell shows otherwise
    ("level;lower\nA;12.5\n", "."),
    ("level,lower\nA,\"12,5\"\n", ","),
    ("level,lower\nA,12\n", "."),
    ("level\tlower\nA\t12\n", "."),  # pasted from a spreadsheet with nothing to go on: a decimal point, as in the UK
    ("level\tlower\nA\t1.234,5\n", ","),
    ("level\tlower\nA\t1,234,567\n", "."),
])
def test_the_decimal_mark_is_worked_out_per_file(text, decimal):
    assert read_delimited(text, "upload").decimal == decimal
