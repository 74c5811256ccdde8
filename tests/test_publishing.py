"""What maintainers need to publish: the author guide describes every field of every data file,
pull requests carry the built site for reviewers, and the README says how to publish step by step."""
from __future__ import annotations

import re

import pytest
import yaml

from generator.content.data_fields import DATA_FILES, undocumented
from sitekit import PROJECT


def test_the_author_guide_describes_every_field_of_the_data_files():
    shipped = sorted(p.name for p in (PROJECT / "content" / "data").glob("*.yml"))
    assert set(shipped) <= {f.name for f in DATA_FILES} | {"rates.yml"}, "a data file the author guide does not describe"
    for name in shipped:
        if name == "rates.yml" and name not in {f.name for f in DATA_FILES}:
            continue  # added by another change; the guide keeps a marked place for it
        parsed = yaml.safe_load((PROJECT / "content" / "data" / name).read_text(encoding="utf-8"))
        assert undocumented(name, parsed) == [], f"describe these fields of {name} in generator/content/data_fields.py"


def test_the_field_check_catches_an_undescribed_field():
    assert undocumented("claims.yml", {"claims": [{"id": "x", "text": "y", "backed_by": ["z"], "colour": "red"}]}) == ["claims[].colour"]
    assert undocumented("glossary.yml", {"terms": [{"id": "x", "term": "y", "definition": "z", "see_also": ["a"]}]}) == []


@pytest.mark.slow
def test_the_author_guide_shows_each_data_file_under_its_own_anchor(small_site):
    html = (small_site / "authors" / "index.html").read_text(encoding="utf-8")
    for f in DATA_FILES:
        assert f'id="{f.anchor}"' in html
        for d in f.fields:
            assert f"<code>{d.path}</code>" in html
    assert 'id="data-rates"' in html


def test_pull_requests_attach_the_built_site_for_reviewers():
    wf = yaml.safe_load((PROJECT / ".github" / "workflows" / "site.yml").read_text())
    steps = wf["jobs"]["build"]["steps"]
    build = next(i for i, s in enumerate(steps) if s.get("run") == "make build")
    upload = next(i for i, s in enumerate(steps) if "actions/upload-artifact@" in s.get("uses", ""))
    assert upload > build and steps[upload]["if"] == "github.event_name == 'pull_request'"
    assert steps[upload]["with"]["path"] == "site" and "pull_request.number" in steps[upload]["with"]["name"]
    assert re.search(r"@[0-9a-f]{40}$", steps[upload]["uses"])


def test_the_readme_publishing_section_is_step_by_step():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Publishing", 1)[1].split("\n## ", 1)[0]
    for words in ("Branch", "pull request", "minutes", "failing check", "site-pr-", "make serve", "Merge"):
        assert words in section, words
    assert re.search(r"^1\. ", section, re.M), "numbered steps"
