"""`python -m calculators job-advert-checker FOLDER_OR_CSV`, run as a real subprocess: the downloads,
JSON lines, the progress bar (on a terminal only) and plain messages for bad input."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys

from sitekit import PROJECT

CORPUS = sorted((PROJECT / "tests" / "advert_corpus").glob("*.txt"))[:5]


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], capture_output=True, text=True, cwd=PROJECT,
                          timeout=120, **kwargs)


def folder(tmp_path, extra: dict[str, bytes] = {}):
    ads = tmp_path / "adverts"
    ads.mkdir()
    for p in CORPUS:
        shutil.copy(p, ads / p.name)
    for name, data in extra.items():
        (ads / name).write_bytes(data)
    return ads


def test_a_folder_gives_the_findings_csv_and_the_markdown_summary(tmp_path):
    ads = folder(tmp_path, {"empty.txt": b"", "scan.pdf": b"%PDF-1.4\n\x00\x01\x02binary"})
    done = cli("job-advert-checker", str(ads), "--out", str(tmp_path / "out"), "--set", "label=Spring round")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Checking adverts" not in done.stderr  # no progress bar off a terminal
    assert f"We checked {len(CORPUS)} adverts and skipped 2" in done.stdout
    assert "empty.txt" in done.stdout and "scan.pdf" in done.stdout
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir()}
    assert set(written) == {"advert-batch-findings.csv", "advert-batch-summary.md"}
    rows = list(csv.DictReader(io.StringIO(written["advert-batch-findings.csv"])))
    assert {r["Title or file"] for r in rows} <= {p.name for p in CORPUS} and rows
    assert written["advert-batch-summary.md"].splitlines()[0].endswith(": Spring round")


def test_json_lines_one_advert_per_line(tmp_path):
    ads = folder(tmp_path, {"empty.md": b"  \n"})
    done = cli("job-advert-checker", str(ads), "--jsonl", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["name"] for r in records] == [p.name for p in CORPUS] + ["empty.md"]
    assert [r["checked"] for r in records] == [True] * len(CORPUS) + [False]
    assert "Wrote" in done.stderr  # never mixed into the JSON lines


def test_a_csv_of_adverts(tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_text('Job title,Department,Advert text\nAnalyst,Finance,"Graduate wanted.\nA 2:1 degree is essential."\n'
                    "Cleaner,Estates,Cleaner wanted. Unpaid trial shift.\n", encoding="utf-8")
    done = cli("job-advert-checker", str(path), "--jsonl")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["title"], r["department"], r["source"]) for r in records] == [
        ("Analyst", "Finance", "jobs.csv, line 2"), ("Cleaner", "Estates", "jobs.csv, line 4")]


def test_a_csv_without_a_text_column_is_one_plain_message(tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_text("Role,Team\nAnalyst,Finance\n", encoding="utf-8")
    done = cli("job-advert-checker", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "jobs.csv has no column of advert text" in done.stderr and "\u201cRole\u201d, \u201cTeam\u201d" in done.stderr


def test_bad_command_lines_are_plain_messages(tmp_path):
    (tmp_path / "empty").mkdir()
    done = cli("job-advert-checker", str(tmp_path / "empty"))
    assert done.returncode == 1 and "has no files" in done.stderr and "Traceback" not in done.stderr
    advert = tmp_path / "one.txt"
    advert.write_text("Cleaner wanted.", encoding="utf-8")
    done = cli("job-advert-checker", str(advert), "--jsonl")
    assert done.returncode == 2 and "--jsonl is for a batch" in done.stderr
    done = cli("job-advert-checker", str(tmp_path / "missing.csv"))
    assert done.returncode == 1 and "There is no file" in done.stderr
    workbook = tmp_path / "jobs.csv"
    workbook.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    done = cli("job-advert-checker", str(workbook))
    assert done.returncode == 1 and "not a CSV file" in done.stderr and "Traceback" not in done.stderr


def test_a_progress_bar_on_a_terminal(tmp_path):
    ads = folder(tmp_path)
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "calculators", "job-advert-checker", str(ads), "--jsonl"],
                               cwd=PROJECT, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    stderr = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        stderr += chunk
    out, _ = process.communicate(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    bar = stderr.decode()
    assert f"1/{len(CORPUS)}" in bar and f"{len(CORPUS)}/{len(CORPUS)}" in bar and "Checking adverts [" in bar
    assert len(out.decode().splitlines()) == len(CORPUS)  # stdout stays clean JSON lines
