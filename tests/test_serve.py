"""`mkdocs serve` works directly and rebuilds when content changes."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from sitekit import ENV, PROJECT
from sitekit import make_content, write_mkdocs_yml

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_content_changes(tmp_path):
    content = make_content(tmp_path / "content")
    write_mkdocs_yml(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/data/step-0/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(tmp_path / "mkdocs.yml")],
                              cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: fetch(url) is not None, 60), "mkdocs serve did not start"
        assert "Step 0" in fetch(url)
        page = content / "interventions" / "step-0.md"
        page.write_text(page.read_text().replace("title: Step 0", "title: A renamed step"))
        assert wait_for(lambda: "A renamed step" in (fetch(url) or ""), 60), "the page was not rebuilt"
        # a broken edit is shown in the browser at once (file, line, fix) instead of holding the
        # request, and the page recovers when the content is fixed
        good = page.read_text()
        page.write_text(good.replace("stage: getting-started", "stage: someday"))
        line = next(n for n, text in enumerate(page.read_text().split("\n"), start=1) if text.startswith("stage:"))
        assert wait_for(lambda: f"content/interventions/step-0.md:{line}: stage" in (fetch(url) or ""), 60), fetch(url)
        shown = fetch(url)
        assert "someday" in shown and "Fix: Use one of:" in shown and "problem" in shown
        assert fetch(f"http://127.0.0.1:{port}/") and "someday" in fetch(f"http://127.0.0.1:{port}/")
        assert "livereload" in shown  # so it reloads itself once fixed
        page.write_text(good.replace("title: A renamed step", "title: Fixed again"))
        assert wait_for(lambda: "Fixed again" in (fetch(url) or ""), 60), "the site did not recover after the fix"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "content/interventions/step-0.md" in output and "stage" in output


def test_write_tree_leaves_unchanged_files_alone_whatever_their_line_endings(tmp_path):
    from generator.render.pages import DocsTree, write_tree

    tree = DocsTree(files={"downloads/a.csv": "code,label\r\n1,One\r\n", "page.md": "# Page\n\nText.\n", "mixed.md": "a\r\nb\nc\r"})
    assert write_tree(tree, tmp_path) == 3
    assert (tmp_path / "downloads" / "a.csv").read_bytes() == b"code,label\r\n1,One\r\n"  # written as given
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    time.sleep(0.05)
    assert write_tree(tree, tmp_path) == 0  # nothing changed, nothing written: the watcher sees no change
    assert stamps == {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    tree.files["downloads/a.csv"] = "code,label\r\n1,Uno\r\n"
    assert write_tree(tree, tmp_path) == 1


class Served:
    """`mkdocs serve` of a fixture site, its output collected line by line."""

    def __init__(self, folder, port):
        self.lines: list[str] = []
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}",
                                         "-f", str(folder / "mkdocs.yml")], cwd=folder, env=ENV,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=lambda: self.lines.extend(iter(self.process.stdout.readline, "")), daemon=True).start()

    def builds(self) -> int:
        return sum("Building documentation" in line for line in self.lines)

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        return "".join(self.lines)


def test_one_edit_rebuilds_once_and_the_server_is_then_quiet(tmp_path):
    content = make_content(tmp_path / "content")
    write_mkdocs_yml(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/data/step-0/"
    served = Served(tmp_path, port)
    try:
        assert wait_for(lambda: fetch(url) is not None, 90), "mkdocs serve did not start"
        time.sleep(4)
        assert served.builds() == 1, "".join(served.lines)
        page = content / "interventions" / "step-0.md"
        page.write_text(page.read_text().replace("title: Step 0", "title: A renamed step"))
        assert wait_for(lambda: "A renamed step" in (fetch(url) or ""), 90), "the page was not rebuilt"
        time.sleep(8)  # a looping server rebuilds about once a second
        assert served.builds() == 2, "".join(served.lines)
    finally:
        served.stop()


def test_a_busy_port_is_one_line_saying_how_to_choose_another(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=PROJECT,
                              env=ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]  # one line, no traceback
    assert f"Port {port} is already in use" in done.stderr and f"make serve PORT={port + 1}" in done.stderr
    assert time.monotonic() - started < 20  # said before building anything


def test_make_serve_passes_the_port_on():
    dry = subprocess.run(["make", "-n", "serve", "PORT=8001"], cwd=PROJECT, capture_output=True, text=True)
    assert "toolkit serve --port 8001" in dry.stdout, dry.stdout + dry.stderr
