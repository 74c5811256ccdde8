"""The `toolkit` command: a thin layer over the generator library.

    toolkit check [--strict]           validate content/ without building; lists every problem
    toolkit new intervention --block recruitment "Use work samples"
    toolkit schema                     write content/schema/*.json and content/schema/data/*.json for editors
    toolkit serve --port 8001          build and serve the site with live reload (what `make serve` runs)
    toolkit build [--engine zensical]  the generator step: docs tree, Python files, mkdocs.generated.yml
    toolkit finish site                the runtime, Python files, service worker and CSP, on a built site
    toolkit site --engine zensical     all three steps: build, the engine on mkdocs.generated.yml, finish
"""
from __future__ import annotations

import argparse
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

from generator.content.rules import placeholder_source
from generator.content.errors import ContentErrors
from generator.content.loader import CONTENT, load_toolkit
from generator.content import data_schema
from generator.content.schema import BUILDING_BLOCKS, KINDS, json_schema


def check(args) -> int:
    """Validate the content. Example: toolkit check --content content"""
    try:
        toolkit = load_toolkit(Path(args.content), strict=args.strict)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    if toolkit.warnings:
        print(f"{len(toolkit.warnings)} warning(s): these do not stop the build yet, but fix them soon.", file=sys.stderr)
        for warning in toolkit.warnings:
            print(f"{warning}", file=sys.stderr)
    print(f"The content is valid: {len(toolkit.blocks)} building blocks, {len(toolkit.interventions)} interventions, "
          f"{len(toolkit.pages)} pages, {len(toolkit.glossary)} glossary terms.")
    return 0


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def new(args) -> int:
    """Create a valid file to edit. Example: toolkit new intervention --block recruitment "Use work samples" """
    root = Path(args.content)
    slug = args.slug or slugify(args.title)
    if args.kind == "intervention":
        if args.block not in BUILDING_BLOCKS:
            print(f"\u201c{args.block}\u201d is not a building block. Use one of: {', '.join(BUILDING_BLOCKS)}.", file=sys.stderr)
            return 2
        path = root / "interventions" / f"{slug}.md"
        fields = {f.name: f.example for f in KINDS["intervention"]["fields"] if f.required}
        fields.update(title=args.title, building_block=args.block, summary=f"TODO: one plain sentence about {args.title.lower()}.",
                      related=[args.related] if args.related else fields["related"], calculators=[],
                      sources=[placeholder_source()])
        body = "\n".join(f"## {s}\n\nTODO.\n" for s in KINDS["intervention"]["sections"])
    else:
        path = root / "pages" / f"{slug}.md"
        fields = {"title": args.title, "summary": f"TODO: one plain sentence about {args.title.lower()}."}
        body = "## TODO\n\nWrite the page here.\n"
    if path.exists():
        print(f"{path} already exists. Choose another title or pass --slug.", file=sys.stderr)
        return 2
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    print(f"Created {path}. Edit the TODOs, then run: toolkit check")
    return 0


def schema(args) -> int:
    """Write the JSON Schema files. Example: toolkit schema"""
    out = Path(args.content) / "schema"
    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (out / f"{kind}.json").write_text(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written = data_schema.write_all(out / "data")
    print(f"Wrote {', '.join(f'{k}.json' for k in KINDS)} to {out}, and {', '.join(written)} to {out / 'data'}")
    return 0


def port_in_use(host: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def serve(args) -> int:
    """Build and serve the site with live reload. Example: toolkit serve --port 8001"""
    if port_in_use("127.0.0.1", args.port):
        print(f"Port {args.port} is already in use, perhaps by another \u201cmake serve\u201d. Stop that one, "
              f"or choose another port: make serve PORT={args.port + 1}", file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--livereload", "-a", f"127.0.0.1:{args.port}"]
    try:
        return subprocess.call(command, cwd=args.project)
    except KeyboardInterrupt:
        return 0


ENGINE_COMMANDS = {"mkdocs": ["mkdocs", "build", "--strict", "-q"], "zensical": ["zensical", "build", "--strict"]}


def _project(args):
    from generator.project import Project

    return Project.at(args.project) if args.project else Project.find()


def build(args) -> int:
    """The generator step. Example: toolkit build --engine zensical"""
    from generator import pipeline
    from generator.failures import BuildError

    try:
        project = _project(args)
        generated = pipeline.build(project, pipeline.Options(strict=not args.no_strict, hold_theme=not args.no_hold_theme),
                                   engine=args.engine)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    for warning in generated.warnings:
        print(f"Content warning: {warning}", file=sys.stderr)
    after = ("mkdocs build (its plugin runs these steps itself)" if args.engine == "mkdocs" else
             f"{args.engine} build -f {project.generated_config.name}, then toolkit finish site")
    print(f"Wrote {len(generated.tree.files)} files to {project.docs} and {project.generated_config.name}. Next: {after}")
    return 0


def finish(args) -> int:
    """The finishing step on a built site. Example: toolkit finish site"""
    from generator import pipeline
    from generator.failures import BuildError

    try:
        pipeline.finish(Path(args.site), _project(args))
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Finished {args.site}: runtime, Python files, service worker and CSP added.")
    return 0


def site(args) -> int:
    """Build the whole site with one engine. Example: toolkit site --engine zensical"""
    if args.engine not in ENGINE_COMMANDS:
        print(f"\u201c{args.engine}\u201d is not an engine the toolkit can build with. Choose one of: "
              f"{', '.join(ENGINE_COMMANDS)} (for example: make build ENGINE=zensical).", file=sys.stderr)
        return 2
    from generator.failures import BuildError

    try:
        project = _project(args)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    command = [*ENGINE_COMMANDS[args.engine]]
    if args.engine == "mkdocs":  # the plugin runs both of the generator's steps around MkDocs' own build
        return subprocess.call([sys.executable, "-m", *command, "-f", str(project.config)], cwd=project.root)
    args.no_strict = args.no_strict if hasattr(args, "no_strict") else False
    if build(args):
        return 1
    engine = Path(sys.executable).with_name(command[0])
    try:
        run = subprocess.run([str(engine) if engine.exists() else command[0], *command[1:], "-f", str(project.generated_config)],
                             cwd=project.root)
    except FileNotFoundError:
        print(f"{args.engine} is not installed. Install the test extras (pip install -e \".[test]\", which make setup runs).",
              file=sys.stderr)
        return 1
    if run.returncode:
        return run.returncode
    args.site = str(project.root / "site")
    return finish(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="toolkit", description="Check and scaffold the toolkit's content.")
    parser.add_argument("--content", default=str(CONTENT), help="the content folder (default: content/)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate the content without building the site")
    p_check.add_argument("--strict", action="store_true",
                         help="also fail on rates and sources more than six months overdue for checking (as mkdocs build --strict does)")
    p_check.set_defaults(func=check)
    p_new = sub.add_parser("new", help="create a new content file from the schema")
    p_new.add_argument("kind", choices=["intervention", "page"])
    p_new.add_argument("title")
    p_new.add_argument("--block", default="", help="the building block (interventions only)")
    p_new.add_argument("--related", default="", help="an existing intervention to link to")
    p_new.add_argument("--slug", default="", help="the file name, if not made from the title")
    p_new.set_defaults(func=new)
    sub.add_parser("schema", help="write content/schema/*.json and content/schema/data/*.json for editors").set_defaults(func=schema)
    p_serve = sub.add_parser("serve", help="build and serve the site with live reload")
    p_serve.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)")
    p_serve.add_argument("--project", default=".", help="the folder that holds mkdocs.yml (default: here)")
    p_serve.set_defaults(func=serve)
    engines = ", ".join(ENGINE_COMMANDS)
    p_build = sub.add_parser("build", help="the generator step: docs tree, Python files and the engine's config")
    p_build.add_argument("--engine", default="mkdocs", choices=list(ENGINE_COMMANDS), help=f"the engine to write the config for ({engines})")
    p_site = sub.add_parser("site", help="build the whole site with an engine (what make build runs)")
    p_site.add_argument("--engine", default="mkdocs", help=f"one of: {engines} (default: mkdocs)")
    for p in (p_build, p_site):
        p.add_argument("--no-strict", action="store_true", help="do not stop on rates and sources six months overdue")
        p.add_argument("--no-hold-theme", action="store_true", help="do not hold the theme back on calculator pages")
    p_build.set_defaults(func=build)
    p_site.set_defaults(func=site)
    p_finish = sub.add_parser("finish", help="add the runtime, Python files, service worker and CSP to a built site")
    p_finish.add_argument("site", help="the built site's folder, e.g. site")
    p_finish.set_defaults(func=finish)
    for p in (p_build, p_site, p_finish):
        p.add_argument("--project", default="", help="the folder holding mkdocs.yml (default: found from here)")
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
