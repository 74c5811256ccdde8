"""The Material templates patched for valid HTML are Material's own files plus the documented
patches and nothing else, so an upgrade of Material cannot silently leave a stale copy behind."""
from __future__ import annotations

import pytest

from material_patches import OVERRIDES, PATCHES, patched


@pytest.mark.parametrize("name", sorted(PATCHES))
def test_patched_material_template_is_current(name):
    ours = (OVERRIDES / name).read_text(encoding="utf-8")
    assert ours == patched(name), (f"site_templates/overrides/{name} is not Material's template plus the patches in "
                                   "tests/quality/material_patches.py: run `.venv/bin/python tests/quality/material_patches.py`")
