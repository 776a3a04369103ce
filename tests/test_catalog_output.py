"""Issue 3's generated output in the built sample site: catalog, skills, API, JSON-LD."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import REPO

from rolebook.generate import generate


def test_one_catalog_page_per_role_level(sample_site: Path) -> None:
    catalog = generate(REPO).catalog
    assert len(catalog.role_levels) >= 30
    for role_id, level in catalog.role_levels:
        code = catalog.level_code(role_id, level.level)
        page = sample_site / "catalog" / code.lower() / "index.html"
        assert page.is_file(), code
        assert f'<code id="rb-level-code">{code}</code>' in page.read_text(encoding="utf-8")


def test_catalog_index_lists_every_code(sample_site: Path) -> None:
    html = (sample_site / "catalog" / "index.html").read_text(encoding="utf-8")
    codes = re.findall(r'<a href="[a-z0-9.]+/"><code>([A-Z0-9.]+)</code></a>', html)
    assert "AIMLAM.GEN.P3" in codes and len(codes) == len(generate(REPO).catalog.role_levels)


def test_skill_page_is_an_inverse_index(sample_site: Path) -> None:
    html = (sample_site / "skills" / "statistics" / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr>\s*<td><a href="../../roles/data-scientist/">Data Scientist</a></td>\s*<td>(.*?)</td>', html, re.S)
    assert row and row.group(1).startswith("5/5")
    guide = (sample_site / "roles" / "data-scientist" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../skills/statistics/"' in guide


def test_catalog_json_shape(sample_site: Path) -> None:
    data = json.loads((sample_site / "api" / "catalog.json").read_text(encoding="utf-8"))
    assert data["api_version"] == 2
    assert {"levels", "families", "skills", "roles", "role_levels", "questions"} <= set(data)
    assert "compensation" not in data  # every band is in its role's own file, once
    ids = {r["id"] for r in data["roles"]}
    assert "ai-engineer" in ids
    for role in data["roles"]:
        detail = json.loads((sample_site / role["detail"]).read_text(encoding="utf-8"))
        assert detail["id"] == role["id"] and detail["title"] == role["title"]
    rl = next(r for r in data["role_levels"] if r["code"] == "AIMLAM.ENG.P1")
    assert rl["salary"][0] == {"level": "P1", "region": "us", "currency": "USD", "period": "year", "min": 110000,
                               "median": None, "max": 140000, "open_ended": False, "source": "jd-guide-2026",
                               "as_of": "2026-06", "occupation": None}
    detail = json.loads((sample_site / "api" / "roles" / "ml-engineer.json").read_text(encoding="utf-8"))
    bls = next(g for g in detail["pay"] if g["source"] == "bls-oews-2025")
    assert bls["statistics"]["code"] == "15-1252" and len(bls["rows"]) == 8
    schema = json.loads((sample_site / "api" / "schema" / "role.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Role"


def test_json_ld_on_every_role_page(sample_site: Path) -> None:
    for guide in (sample_site / "roles").glob("*/index.html"):
        html = guide.read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1, guide
        assert "<" not in blocks[0]
        data = json.loads(blocks[0])
        assert data["@type"] == "Occupation" and data["name"]


def test_json_ld_escapes_markup(hostile_site: Path) -> None:
    html = (hostile_site / "roles" / "evil-role" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block and "<" not in block.group(1)
    assert json.loads(block.group(1))["name"].startswith("Evil <script>")


def test_downloads_are_plain_files(sample_site: Path) -> None:
    md = (sample_site / "roles" / "ai-engineer" / "ai-engineer-job-description.md.txt").read_text(encoding="utf-8")
    txt = (sample_site / "roles" / "ai-engineer" / "ai-engineer-job-description.txt").read_text(encoding="utf-8")
    assert md.startswith("# AI Engineer\n") and "<" not in md
    assert txt.startswith("AI ENGINEER\n") and "#" not in txt and "**" not in txt
