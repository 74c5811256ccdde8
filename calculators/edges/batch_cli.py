"""`python -m calculators job-advert-checker FOLDER_OR_CSV`: check a batch of job adverts.

A folder: every file in it is read (not its subfolders, nor hidden files); each .csv file holds
one advert per row, each other file is one advert. A file that is not text is listed and skipped,
as in the browser (which reads it the same way). With --out the CSV of every finding and the
Markdown summary are written into a folder; with --jsonl one JSON object per advert goes to
stdout, for pipelines. On a terminal a progress bar is drawn on stderr, and only there."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from calculators.core.content import load_content
from calculators.core.registry import get
from calculators.core.spec import InputError, InputErrors, validate, without_size_limits
from calculators.job_advert import batch_spec
from calculators.core import progress
from calculators.shared.tabular import decode_bytes

BAR_WIDTH = 30


def is_batch(spec_id: str, path: Path | None) -> bool:
    """Whether the command asks for a batch: the batch calculator, or the checker given a folder or a CSV."""
    if spec_id == "job-advert-batch":
        return True
    return spec_id == "job-advert-checker" and path is not None and (path.is_dir() or path.suffix.lower() == ".csv")


def read_files(path: Path, limit: int, errors) -> tuple[list[dict], list[str]]:
    """[{"name", "text"}] for the batch, and notes on how files were read. `errors` is the CLI's
    error class (a plain message and an exit code)."""
    from calculators.edges.cli import read_bytes

    if path.is_dir():
        try:
            paths = sorted((p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")), key=lambda p: p.name)
        except OSError as exc:
            raise errors(f"The folder {path} cannot be read ({exc.strerror or exc}).") from None
        if not paths:
            raise errors(f"The folder {path} has no files in it. Put one .txt or .md file per advert in it, or give a CSV file "
                         "with one advert per row.")
    else:
        paths = [path]
    files, notes = [], []
    for p in paths:
        data = read_bytes(p, limit)
        try:
            text, notice = decode_bytes(data, "adverts", f"The file {p.name}")
            if notice:
                notes.append(f"{p.name}: {notice}")
        except InputError:  # not text: passed on as a browser reads it, so the batch lists it as skipped
            text = data.decode("utf-8", errors="replace")
        files.append({"name": p.name, "text": text})
    return files, notes


class ProgressBar:
    """A one-line progress bar on a terminal's stderr, redrawn after each advert."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int, name: str) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        self.stream.write(f"\rChecking adverts [{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {done:,}/{total:,}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def run_batch(args, errors) -> int:
    from calculators.edges.cli import parse_setting, print_result, write_downloads

    if args.file is None:
        raise errors("Give a folder of adverts or a CSV file of adverts: python -m calculators job-advert-checker "
                     "FOLDER_OR_CSV --out DIR", 2)
    if args.compare:
        raise errors("A batch of adverts takes no --compare; give only the folder or CSV file.", 2)
    spec = without_size_limits(get("job-advert-batch"))
    values = dict(parse_setting(spec, setting) for setting in args.set)  # --set label="Finance adverts"
    files, notes = read_files(args.file, int(args.max_mb * 1024 * 1024), errors)
    values["adverts"] = json.dumps(files)
    content = load_content()
    previous = progress.listen(ProgressBar(sys.stderr) if sys.stderr.isatty() else None)
    try:  # as calculators.core.spec.run does, but with the records for --jsonl
        result = batch_spec.run(validate(spec, values, content), content, records=True)
    except (InputError, InputErrors) as exc:
        for e in getattr(exc, "errors", [exc]):
            where = f" (line {e.row})" if e.row else ""
            print(f"Error{where}: {e.message}", file=sys.stderr)
        return 1
    finally:
        progress.listen(previous)
    if args.jsonl:
        for record in result["adverts"]:
            print(json.dumps(record, ensure_ascii=False, default=str))
    elif args.json:
        page = {k: v for k, v in result.items() if k != "adverts"}  # as the page gets it
        print(json.dumps({"ok": True, "result": page}, indent=2, ensure_ascii=False, default=str))
    else:
        shown = dict(result, tables=[t for t in result["tables"] if not t["id"].startswith("advert-")])
        print_result(shown, " ".join(notes))
    if args.out:
        out = sys.stderr if args.jsonl or args.json else sys.stdout
        stdout, sys.stdout = sys.stdout, out  # "Wrote ..." lines never mix with JSON on stdout
        try:
            write_downloads(args.out, result["downloads"])
        finally:
            sys.stdout = stdout
    return 0 if any(r["checked"] for r in result["adverts"]) else 1
