"""Records what a browser page does: every request, CSP violation and script error (the tests that
prove nothing leaves the browser use it; a module of its own so any test can import it by name)."""
from __future__ import annotations


class Recorder:
    """Every request a page makes, and every CSP violation and script error it reports."""

    def __init__(self, context):
        self.requests, self.violations, self.errors = [], [], []
        context.on("request", lambda r: self.requests.append(r))
        context.add_init_script("""document.addEventListener('securitypolicyviolation',
            e => console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI));""")

    def watch(self, page):
        page.on("console", lambda m: self.violations.append(m.text) if "CSP-VIOLATION" in m.text else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def assert_private(self, origin: str, sentinels: tuple[str, ...] = ()) -> None:
        assert self.requests, "no request was recorded"
        outside = [r.url for r in self.requests if not r.url.startswith((origin, "blob:", "data:"))]
        assert not outside, f"requests left the origin: {outside}"
        not_get = [(r.method, r.url) for r in self.requests if r.method != "GET"]
        assert not not_get, f"non-GET requests: {not_get}"
        for sentinel in sentinels:
            for r in self.requests:
                assert sentinel not in r.url and sentinel not in (r.post_data or ""), f"{sentinel!r} was sent in {r.url}"
        assert not self.violations, f"CSP violations: {self.violations}"
