"""Run any calculator on CPython, for files too large or too sensitive for a browser.

    python -m calculators --list
    python -m calculators representation-gap responses.csv
    python -m calculators representation-gap responses.csv --json
    python -m calculators job-advert-checker advert.txt --out reports/
    python -m calculators say-do-gap inputs.json          (a JSON object of form values)

It reads and writes the same formats as the web page, with the same small-number protection."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .content import load_content
from .registry import all_specs, get
from .spec import run, without_size_limits
from .tabular import decode_bytes


def read_inputs(spec, path: Path, settings: list[str]) -> tuple[dict, str]:
    data = path.read_bytes()
    notice = ""
    if path.suffix.lower() == ".json" and not spec.cli_file_input:
        values = json.loads(data.decode("utf-8-sig"))
    else:
        target = spec.cli_file_input or next((i.name for i in spec.inputs if i.kind in ("file", "text")), None)
        if target is None:
            raise SystemExit(f"{spec.id} does not take a file; give a JSON file of its inputs instead.")
        text, notice = decode_bytes(data)
        values = {i.name: i.default for i in spec.inputs if i.default is not None}
        values[target] = text
        values.update(spec.input(target).depends_on)  # choose the input mode a file implies
    for setting in settings:
        name, _, value = setting.partition("=")
        values[name] = json.loads(value) if value[:1] in "[{" else value
    return values, notice


def print_result(result: dict, notice: str) -> None:
    for s in result.get("summary", []):
        print(s["text"] + "".join(f" [{link['label']}: {link['href']}]" for link in s.get("links", [])))
    notes = ([notice] if notice else []) + [n["text"] for n in result.get("notices", [])]
    if notes:
        print("\nNotes on your data:")
        for n in notes:
            print(f"- {n}")
    for table in result.get("tables", []):
        cols = table["columns"]
        rows = [[c["label"] for c in cols]] + [["" if r.get(c["key"]) is None else str(r.get(c["key"])) for c in cols] for r in table["rows"]]
        widths = [max(len(row[i]) for row in rows) for i in range(len(cols))]
        print(f"\n{table['caption']}")
        for n, row in enumerate(rows):
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
            if n == 0:
                print("  ".join("-" * w for w in widths))
    for m in result.get("mappings", []):
        print(f"\n{m['question']} Answer with --set {m['input']}='{{\"value\": \"group\"}}'")
        for item in m["items"]:
            print(f"- {item['key']} ({item.get('count', '')})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculators", description=__doc__.split("\n\n")[0])
    parser.add_argument("calculator", nargs="?", help="the calculator id, for example representation-gap")
    parser.add_argument("file", nargs="?", type=Path, help="a CSV or text file, or a JSON file of form values")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="set another input")
    parser.add_argument("--out", type=Path, help="write the result's downloads (CSV, Markdown) into this folder")
    parser.add_argument("--list", action="store_true", help="list the calculators")
    args = parser.parse_args(argv)
    if args.list or not args.calculator:
        for spec in all_specs():
            print(f"{spec.id:22} {spec.summary}")
        return 0
    try:
        spec = get(args.calculator, include_test_only=False)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    if args.file is None or not args.file.exists():
        print(f"Give a file to read: python -m calculators {spec.id} FILE", file=sys.stderr)
        return 2
    spec = without_size_limits(spec)  # no browser limit on the analyst's own computer
    values, notice = read_inputs(spec, args.file, args.set)
    outcome = run(spec, values, load_content())
    if args.json:
        print(json.dumps(outcome, indent=2, ensure_ascii=False))
    elif outcome["ok"]:
        print_result(outcome["result"], notice)
    if not outcome["ok"]:
        if not args.json:
            for e in outcome["errors"]:
                where = ", ".join(p for p in (f"row {e['row']}" if e.get("row") else "", f"column {e['column']}" if e.get("column") else "") if p)
                print(f"Error{' (' + where + ')' if where else ''}: {e['message']}", file=sys.stderr)
        return 1
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for d in outcome["result"].get("downloads", []):
            (args.out / Path(d["filename"]).name).write_text(d["text"], encoding="utf-8", newline="")
            print(f"Wrote {args.out / Path(d['filename']).name}")
    return 0
