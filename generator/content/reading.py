"""Reading content files: safe paths, UTF-8 text and YAML with the line of every field.

Readers return Parsed (front matter or data, line numbers, body) and never stop at the first bad
file. YAML is read safely: no Python tags, no aliases (a few lines of them can expand to
gigabytes), no duplicate keys, and no file larger than MAX_FILE_BYTES."""
from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from generator.content.errors import ContentError, rel
from generator.content.parsed import Parsed

MAX_FILE_BYTES = 1_000_000  # the largest content file today is under 60 KB
# libyaml is several times faster and gives the same nodes and line marks; fall back without it.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CURLY = "\u201c\u201d\u2018\u2019"
_OPENS_CURLY = re.compile(r"(?:^|:|-|\[|,)\s*([\u201c\u2018])")


def shown_path(path: Path, root: Path) -> str:
    """The path as the author sees it, relative to the project; a link is named, not followed."""
    base = root.parent if root.name == "content" else root
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return rel(path, base)


def check_path(path: Path, root: Path, shown: str, errors: list[ContentError]) -> bool:
    """A content file must be a readable file inside content/: a link that leaves the folder
    would publish whatever it points to, and a link loop cannot be read at all."""
    try:
        target = path.resolve(strict=True)
    except (RuntimeError, OSError):
        errors.append(ContentError(shown, 0, "file", "the file is a link (symlink) that leads nowhere: it points to itself, "
                                   "in a loop, or to a file that does not exist",
                                   f"Delete the link and put the real file at {shown}."))
        return False
    if not target.is_relative_to(root.resolve()):
        errors.append(ContentError(shown, 0, "file", f"the file is a link (symlink), or in a linked folder, that leads to {target}, "
                                   "outside the content folder, and the site would publish it",
                                   f"Delete the link and copy the text you want into {shown} itself."))
        return False
    if not path.is_file():
        errors.append(ContentError(shown, 0, "file", "this is a folder or a special file, not a text file",
                                   f"Move it out of {Path(shown).parent.as_posix()}/, or rename it so it does not end in {path.suffix}."))
        return False
    return True


def read_text(path: Path, shown: str, errors: list[ContentError]) -> str | None:
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        errors.append(ContentError(shown, 0, "file", f"the file cannot be read ({reason.lower()})",
                                   "Check that it is a normal file you can open in your editor, and that you have permission to "
                                   f"read it (on Linux or macOS: chmod u+r {shown})."))
        return None
    if len(raw) > MAX_FILE_BYTES:
        errors.append(ContentError(shown, 0, "file", f"the file is larger than {MAX_FILE_BYTES // 1000:,} KB, the most the site reads from one file",
                                   "Check it is the file you meant to put here; split a long page into several."))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(ContentError(shown, line, "file", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line})",
                                   "Save the file as UTF-8 in your editor (in Word or Excel exports, choose \u201cUTF-8\u201d)."))
        return None


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, str, str]:
    """(line, problem, fix) for a YAML syntax error, in words an author can act on."""
    lines = text.split("\n")
    problem_at = exc.problem_mark.line if exc.problem_mark else (exc.context_mark.line if exc.context_mark else 0)
    context_at = exc.context_mark.line if exc.context_mark else problem_at
    where = lambda n: first_line + n  # noqa: E731
    tab_line = next((n for n in (problem_at, context_at) if n < len(lines) and "\t" in lines[n]), None)
    if tab_line is not None and ("tab" in str(exc.problem) or "cannot start any token" in str(exc.problem)):
        return (where(tab_line), "the line has a tab character, and YAML only accepts spaces for indentation",
                "Replace the tab with spaces (most editors can show tabs, and convert them with \u201cIndent using spaces\u201d).")
    if "quoted scalar" in str(exc.context) and context_at < len(lines):
        quote = "\u201c\"\u201d" if "double" in str(exc.context) or '"' in lines[context_at] else "\u201c'\u201d"
        curly = next((c for c in CURLY if any(c in line for line in lines[context_at:problem_at + 1])), None)
        if curly:
            return (where(context_at), f"the text that starts here opens with a straight quote {quote} but closes with a curly quote "
                    f"\u201c{curly}\u201d, so YAML reads on to line {where(problem_at)} looking for the end",
                    "Use straight quotes at both ends, for example: title: \"Your text\". A curly quote inside the text is fine.")
        return (where(context_at), f"the quotation that opens here with {quote} is never closed (YAML read on to line {where(problem_at)})",
                "Close the quotation on the same line with the same kind of straight quote it opens with.")
    if "expected ':'" in str(exc.problem) and exc.context_mark:
        return (where(context_at), "the line has no colon after the field name",
                "Write it as \u201cname: value\u201d, with a colon and a space after the name.")
    opened = next((n for n in sorted({context_at, problem_at}) if n < len(lines) and _OPENS_CURLY.search(lines[n])), None)
    if opened is not None:
        return (where(opened), f"a value starts with a curly quote \u201c{_OPENS_CURLY.search(lines[opened]).group(1)}\u201d, which YAML does "
                f"not read as a quote, so the text after it is taken as YAML (it fails at line {where(problem_at)})",
                "Use straight quotes around the value (\" or '), or remove the quotes.")
    if "mapping values are not allowed" in str(exc.problem):
        return (where(problem_at), "the value has a colon followed by a space, which YAML reads as the start of another field",
                "Put the whole value in double quotes, for example: summary: \"Pay: what to publish\".")
    return (where(problem_at), f"the YAML cannot be read: {exc.problem or exc.context}",
            "Check the indentation, colons and dashes on this line and the line before. "
            "Put text that contains a colon or starts with a quote inside double quotes.")


def parse_yaml(text: str, shown: str, first_line: int, errors: list[ContentError], what: str) -> Parsed | None:
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        line, problem, fix = _yaml_error(exc, text, first_line)
        errors.append(ContentError(shown, line, what, problem, fix))
        return None
    except (yaml.YAMLError, RecursionError) as exc:
        errors.append(ContentError(shown, first_line, what, f"the YAML cannot be read ({type(exc).__name__})",
                                   "Check the file is YAML as the author guide describes, with no deeply nested lists."))
        return None
    if node is None:
        return Parsed(shown, {}, {"": first_line})
    lines: dict[str, int] = {"": first_line + node.start_mark.line}
    seen: set[int] = set()
    start = len(errors)

    class Alias(Exception):
        pass

    def walk(n: yaml.Node, prefix: str, at: int) -> None:
        if id(n) in seen:  # the same node twice: an alias (*name) to an anchor (&name); one error is enough
            errors.append(ContentError(shown, at, what, "the YAML uses an alias (*name), which the site does not read",
                                       "Write the value out in full where the alias is; remove the &anchor and *alias marks."))
            raise Alias
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key, value in n.value:
                name = f"{prefix}.{key.value}" if prefix else str(key.value)
                line = first_line + key.start_mark.line
                if isinstance(key, yaml.ScalarNode) and key.value in keys:
                    errors.append(ContentError(shown, line, name, f"\u201c{key.value}\u201d is given twice (also at line {keys[key.value]}); "
                                               "YAML would silently keep only the last one",
                                               "Keep one of them and delete the other."))
                keys.setdefault(key.value if isinstance(key, yaml.ScalarNode) else str(id(key)), line)
                lines.setdefault(name, line)
                walk(value, name, line)
        elif isinstance(n, yaml.SequenceNode):
            for index, value in enumerate(n.value):
                name = f"{prefix}[{index}]"
                lines[name] = at if id(value) in seen else first_line + value.start_mark.line  # an alias marks its anchor
                walk(value, name, lines[name])

    try:
        walk(node, "", lines[""])
    except Alias:
        pass
    except RecursionError:
        errors.append(ContentError(shown, lines[""], what, "the YAML is nested too deeply to read",
                                   "Check the indentation: fields and lists are rarely more than five levels deep."))
    if len(errors) > start:
        return None
    try:
        data = Loader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        tag = re.search(r"tag '([^']*)'", str(exc.problem))
        problem = (f"the YAML has a tag \u201c{tag.group(1).replace('tag:yaml.org,2002:', '!!')}\u201d, which the site does not read"
                   if tag else f"the YAML cannot be read: {exc.problem}")
        errors.append(ContentError(shown, first_line + (mark.line if mark else 0), what, problem,
                                   "Remove the \u201c!!\u2026\u201d or \u201c!\u2026\u201d tag: write plain text, numbers, lists and fields."))
        return None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        errors.append(ContentError(shown, lines[""], what, f"a value cannot be read ({exc})",
                                   "Dates are written as 2024-03-31; put any other value that looks like a date or number in double quotes."))
        return None
    return Parsed(shown, data, lines)


def read_document(path: Path, root: Path, errors: list[ContentError]) -> Parsed | None:
    shown = shown_path(path, root)
    if not check_path(path, root, shown, errors):
        return None
    text = read_text(path, shown, errors)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        errors.append(ContentError(shown, 1, "front matter", "the file does not start with front matter",
                                   "Start the file with a line \u201c---\u201d, the fields (title: \u2026), and another \u201c---\u201d line."))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        errors.append(ContentError(shown, 1, "front matter", "the front matter is never closed",
                                   "Add a line \u201c---\u201d after the last field, before the page text."))
        return None
    parsed = parse_yaml("\n".join(lines[1:end]), shown, 2, errors, "front matter")
    if parsed is None:
        return None
    if not isinstance(parsed.data, dict):
        errors.append(ContentError(shown, 2, "front matter", "the front matter is not a set of fields",
                                   "Write one field per line, as \u201cname: value\u201d."))
        return None
    parsed.body = "\n".join(lines[end + 1:])
    parsed.body_line = end + 2
    return parsed


def read_data(path: Path, root: Path, errors: list[ContentError]) -> Parsed | None:
    shown = shown_path(path, root)
    if not check_path(path, root, shown, errors):
        return None
    text = read_text(path, shown, errors)
    return None if text is None else parse_yaml(text, shown, 1, errors, "data")


def markdown_files(folder: Path, root: Path, errors: list[ContentError]) -> list[Path]:
    """The .md files of one content folder; a folder that is a link leaving content/ is refused."""
    shown = shown_path(folder, root)
    if folder.is_symlink():
        try:
            target = folder.resolve(strict=True)
        except (RuntimeError, OSError):
            target = None
        if target is None or not target.is_relative_to(root.resolve()):
            errors.append(ContentError(shown, 0, "folder", "the folder is a link (symlink) that leaves the content folder or leads nowhere",
                                       f"Replace the link with a real folder {shown}/ holding the files."))
            return []
    try:
        return sorted(p for p in folder.glob("*.md"))
    except OSError:
        return []
