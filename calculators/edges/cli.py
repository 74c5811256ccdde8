"""Run any calculator on CPython, for files too large or too sensitive for a browser.

    python -m calculators --list
    python -m calculators representation-gap responses.csv
    python -m calculators representation-gap responses.csv --json
    python -m calculators job-advert-checker advert.txt --out reports/
    python -m calculators job-advert-checker adverts/ --out reports/     (a folder or a CSV of adverts)
    python -m calculators job-advert-checker adverts.csv --jsonl         (one JSON line per advert)
    python -m calculators say-do-gap inputs.json          (a JSON object of form values)

It reads and writes the same formats as the web page, with the same small-number protection.
It reads at most --max-mb megabytes of a file (100 unless you say otherwise), so a device that
never ends, such as /dev/zero, is refused rather than filling the memory.

Every problem with what it is given is one plain message on stderr and a non-zero exit:
1 for a problem with the file or the inputs, 2 for a wrong command line, 141 when the program
reading the output (such as `head`) stops early, 70 for a fault in the calculator itself."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from calculators.core.content import load_content
from calculators.core.registry import all_specs, get
from calculators.core.spec import InputError, InputErrors, _kind_of, _shown, run, without_size_limits
from calculators.shared.tabular import _not_text, decode_bytes

DEFAULT_MAX_MB = 100
BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a program stopped by a closed pipe
INTERNAL = 70  # EX_SOFTWARE: a fault in the calculator, not in what it was given


class CliError(Exception):
    """A problem with what the CLI was given: printed as one plain message, then exit `code`."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.message, self.code = message, code


def read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a file, or a CliError saying plainly why not."""
    try:
        if path.is_dir():
            raise CliError(f"{path} is a folder, not a file. Give the path of a file, for example {path / 'responses.csv'}.")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except CliError:
        raise
    except FileNotFoundError:
        raise CliError(f"There is no file {path}. Check the name and the folder.") from None
    except PermissionError:
        raise CliError(f"{path} cannot be read: you do not have permission to read it.") from None
    except (OSError, ValueError) as exc:
        raise CliError(f"{path} cannot be read ({getattr(exc, 'strerror', None) or exc}). Give the path of an ordinary file.") from None
    if len(data) > limit:
        raise CliError(f"{path} is bigger than {limit / 1024 / 1024:g} MB, the most this command reads (or it never ends, "
                       f"as a device such as /dev/zero does). Nothing was worked out. For a bigger file, raise the limit "
                       f"with --max-mb, for example --max-mb {max(2 * limit // 1024 // 1024, 1)}.")
    return data


def read_json(path: Path, data: bytes, spec) -> dict:
    example = f'{{"{spec.inputs[0].name}": ...}}'
    if not data.strip():
        raise CliError(f"{path} is empty. It should be a JSON object of {spec.id}'s inputs, such as {example}.")
    kind = _not_text(data)
    if kind:
        raise CliError(f"{path} is not a JSON file: it looks like {kind}.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{path} is not UTF-8 text (byte {exc.start:,} cannot be read), so it cannot be JSON. "
                       "Save it as UTF-8 and try again.") from None
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} is not valid JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}.") from None
    except RecursionError:
        raise CliError(f"{path} is not a set of inputs: its JSON is nested far too deeply.") from None
    except ValueError as exc:  # for example an integer of thousands of digits
        raise CliError(f"{path} cannot be read: {exc}. No input needs a number that long.") from None
    if not isinstance(values, dict):
        raise CliError(f"{path} holds {_kind_of(values)}, but it should be a JSON object of {spec.id}'s inputs, such as {example}.")
    return values


def parse_setting(spec, setting: str) -> tuple[str, object]:
    names = [i.name for i in spec.inputs]
    name, equals, value = setting.partition("=")
    name = name.strip()
    if not equals and name in names:
        raise CliError(f"--set {name} needs a value after an = sign, as --set {name}=VALUE.", 2)
    if not equals or not name:
        raise CliError(f"--set {_shown(setting)} needs a name and a value, as --set NAME=VALUE. "
                       f"The names are: {', '.join(names)}.", 2)
    if name not in names:
        raise CliError(f"{spec.id} has no input called \u201c{_shown(name)}\u201d, so --set {_shown(name)}=\u2026 would be "
                       f"ignored. Its inputs are: {', '.join(names)}.", 2)
    if not value.strip():
        raise CliError(f"--set {name}= has no value. Give one after the = sign, or leave --set {name} out to use the default.", 2)
    if value.lstrip()[:1] in "[{":
        try:
            return name, json.loads(value)
        except RecursionError:
            raise CliError(f"--set {name}=\u2026: the JSON is nested far too deeply.", 2) from None
        except ValueError as exc:
            message = f"{exc.msg.lower()} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise CliError(f"--set {name}=\u2026 starts like JSON but is not valid JSON: {message}. Put the value in single "
                           f"quotes so the shell keeps it whole, for example --set {name}='{{\"a\": \"b\"}}'.", 2) from None
    return name, value


def read_inputs(spec, path: Path, settings: list[str], max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024) -> tuple[dict, str]:
    data = read_bytes(path, max_bytes)
    notice = ""
    if path.suffix.lower() == ".json" and not spec.cli_file_input:
        values = read_json(path, data, spec)
    else:
        target = spec.cli_file_input or next((i.name for i in spec.inputs if i.kind in ("file", "text")), None)
        if target is None:
            raise CliError(f"{spec.id} does not read a file; give a JSON file of its inputs instead "
                           f"(its inputs are: {', '.join(i.name for i in spec.inputs)}).")
        try:
            text, notice = decode_bytes(data, target, f"The file {path.name}")
        except InputError as exc:
            raise CliError(exc.message) from None
        values = {i.name: i.default for i in spec.inputs if i.default is not None}
        values[target] = text
        values.update(spec.input(target).depends_on)  # choose the input mode a file implies
    for setting in settings:
        name, value = parse_setting(spec, setting)
        values[name] = value
    return values, notice or ""


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


def write_downloads(folder: Path, downloads: list[dict]) -> None:
    if folder.exists() and not folder.is_dir():
        raise CliError(f"--out {folder} is a file, not a folder. Give a folder to write the downloads into "
                       "(it is made if it does not exist).")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for d in downloads:
            target = folder / Path(d["filename"]).name
            target.write_text(d["text"], encoding="utf-8", errors="replace", newline="")
            print(f"Wrote {target}")
    except OSError as exc:
        raise CliError(f"Cannot write the downloads into {folder}: {exc.strerror or exc}. Choose a folder you can write to "
                       "with --out.") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m calculators", description=__doc__.split("\n\n")[0])
    parser.add_argument("calculator", nargs="?", help="the calculator id, for example representation-gap")
    parser.add_argument("file", nargs="?", type=Path, help="a CSV or text file, or a JSON file of form values")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="set another input")
    parser.add_argument("--compare", type=Path, metavar="LAST-YEAR.json",
                        help="last year's results file (saved with the result's \"Save these results for next year\", or "
                             "written by --out) to show the change since then")
    parser.add_argument("--out", type=Path, help="write the result's downloads (CSV, Markdown) into this folder")
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_MB, metavar="MB",
                        help=f"read at most this many megabytes of the file (default {DEFAULT_MAX_MB})")
    parser.add_argument("--jsonl", action="store_true",
                        help="a batch of job adverts: print one JSON object per advert, one per line")
    parser.add_argument("--list", action="store_true", help="list the calculators")
    return parser


def _run(args) -> int:
    if args.list or not args.calculator:
        for spec in all_specs():
            print(f"{spec.id:22} {spec.summary}")
        return 0
    try:
        spec = get(args.calculator, include_test_only=False)
    except KeyError as exc:
        raise CliError(exc.args[0], 2) from None
    if not args.max_mb > 0 or args.max_mb > 1_000_000:
        raise CliError("--max-mb must be a number of megabytes above 0, for example --max-mb 500.", 2)
    from calculators.edges.batch_cli import is_batch, run_batch

    if is_batch(spec.id, args.file):
        return run_batch(args, CliError)
    if args.jsonl:
        raise CliError("--jsonl is for a batch of job adverts: give job-advert-checker a folder or a CSV file of adverts.", 2)
    if args.file is None and not (args.set and not any(i.kind == "file" for i in spec.inputs)):
        raise CliError(f"Give a file to read: python -m calculators {spec.id} FILE"
                       + ("" if any(i.kind == "file" for i in spec.inputs) else " (a JSON file of its inputs), or give them with --set NAME=VALUE"), 2)
    if not args.max_mb > 0 or args.max_mb > 1_000_000:
        raise CliError("--max-mb must be a number of megabytes above 0, for example --max-mb 500.", 2)
    spec = without_size_limits(spec)  # no browser limit on the analyst's own computer
    if args.file is None:  # a calculator without a file input, given its values with --set alone
        values, notice = dict(parse_setting(spec, setting) for setting in args.set), ""
    else:
        values, notice = read_inputs(spec, args.file, args.set, int(args.max_mb * 1024 * 1024))
    if args.compare is not None:
        if not any(i.name == "compare" for i in spec.inputs):
            raise CliError(f"{spec.id} cannot compare with last year's results; leave out --compare.", 2)
        try:
            values["compare"], _ = decode_bytes(read_bytes(args.compare, int(args.max_mb * 1024 * 1024)), "compare",
                                                f"The file {args.compare.name}")
        except InputError as exc:
            raise CliError(exc.message) from None
    outcome = run(spec, values, load_content())
    if args.json:
        print(json.dumps(outcome, indent=2, ensure_ascii=False, default=str))
    elif outcome["ok"]:
        print_result(outcome["result"], notice)
    if not outcome["ok"]:
        for e in outcome["errors"]:  # on stderr with --json too, so a script's log says what was wrong
            where = ", ".join(p for p in (f"row {e['row']}" if e.get("row") else "", f"column {e['column']}" if e.get("column") else "") if p)
            print(f"Error{' (' + where + ')' if where else ''}: {e['message']}", file=sys.stderr)
        return 1
    if args.out:
        write_downloads(args.out, outcome["result"].get("downloads", []))
    return 0


def _quiet_stdout() -> None:
    """After the reader of our output has gone (`| head`): send what is still buffered nowhere, so
    Python does not complain about it on the way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a name no console can show is replaced, never a crash
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    args = _parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()
        return code
    except CliError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except (InputError, InputErrors) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        print("The file is too big to work out in this computer's memory. Try a smaller file.", file=sys.stderr)
        return 1
    except Exception as exc:  # a fault in a calculator, not in what it was given: say so, never a traceback
        print(f"Something went wrong inside the calculator ({type(exc).__name__}: {_shown(exc, 200)}). "
              "Your file is unchanged. Please report this problem with the command you ran.", file=sys.stderr)
        return INTERNAL


def entry() -> None:
    """`python -m calculators`: main(), and a quiet exit when the output pipe closes early."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        code = BROKEN_PIPE
    sys.exit(code)
