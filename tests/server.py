"""A real HTTP server on 127.0.0.1 for tests: serves a built site, optionally under a sub-path,
applies the site's _headers file (so the CSP is also sent as a real header), and records every
request it receives."""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import threading
import time
from pathlib import Path


def read_headers_file(site: Path) -> list[tuple[str, str]]:
    path = site / "_headers"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("  ") and ":" in line:
            name, value = line.strip().split(":", 1)
            out.append((name.strip(), value.strip()))
    return out


SLOW_PIECE, SLOW_PAUSE_S = 8_192, 0.15  # about 55 KB a second

GZIP_TYPES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm")  # as static hosts compress them


class SiteServer:
    def __init__(self, site: Path, prefix: str = "/", send_headers: bool = True, compress: bool = False):
        self.site, self.prefix = Path(site), "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self.requests: list[tuple[str, str]] = []
        self.missing: set[str] = set()  # paths to answer with 404 (to simulate a broken deployment)
        self.slow: set[str] = set()  # paths sent in small pieces with pauses (a slow connection)
        headers = read_headers_file(self.site) if send_headers else []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                              ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                              ".whl": "application/zip", ".json": "application/json"}

            def log_message(self, *args):  # keep test output quiet
                pass

            def listed(self, endings: set[str]) -> bool:
                return any(self.path.split("?")[0].endswith(e) for e in endings)

            def translate_path(self, path):
                clean = path.split("?", 1)[0].split("#", 1)[0]
                if not clean.startswith(server.prefix):
                    return str(server.site / "__outside_prefix__")
                return super().translate_path("/" + clean[len(server.prefix):])

            def _send_head_plain(self):
                server.requests.append((self.command, self.path))
                if self.listed(server.missing):
                    self.send_error(404)
                    return None
                return super().send_head()

            def send_head(self):
                if (not compress or "gzip" not in self.headers.get("Accept-Encoding", "")
                        or self.listed(server.missing)):
                    return self._send_head_plain()
                path = self.translate_path(self.path)
                if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
                    path = os.path.join(path, "index.html")
                if not path.endswith(GZIP_TYPES) or not os.path.isfile(path):
                    return self._send_head_plain()
                server.requests.append((self.command, self.path))
                body = server.gzipped(path)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)

            def copyfile(self, source, outputfile):
                if not self.listed(server.slow):
                    return super().copyfile(source, outputfile)
                while piece := source.read(SLOW_PIECE):
                    outputfile.write(piece)
                    outputfile.flush()
                    time.sleep(SLOW_PAUSE_S)

            def end_headers(self):
                for name, value in headers:
                    self.send_header(name, value)
                super().end_headers()

            def do_POST(self):
                server.requests.append(("POST", self.path))
                self.send_error(405)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(self.site)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def gzipped(self, path: str) -> bytes:
        cache = self.__dict__.setdefault("_gzip", {})
        if path not in cache:
            with open(path, "rb") as f:
                cache[path] = gzip.compress(f.read(), 6)
        return cache[path]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{self.prefix}"

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
