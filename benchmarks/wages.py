"""A catalog shaped like real wage data, for `make bench` (section `wages` of scale.py).

1,000 occupations (titles with commas and slashes, overviews up to 800 characters; a fifth of them
without levels), the nation plus 529 metropolitan and nonmetropolitan areas with long names, and
about 230,000 CSV rows of 10th percentile / median / 90th percentile: some occupations published
only as hourly wages (with cents), some maxima top-coded ("at least $239,200", `open_ended`). The
figures are occupation-wide statistics (`occupation` column, the role's SOC code under
`classifications`, `occupation_statistics` on the source), as real wage data is. A shared bank of 550
programming interview questions (`site_config/question_sets/programming.yaml`) is asked by three
related roles.

`national_only=True` writes the same catalog with only the national rows, the baseline the cold
build is compared with.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
HEADER = "role,level,region,currency,period,min,median,max,open_ended,source,as_of,occupation"
TOP_CODE = 239200
LEVELS = ["P1", "P3", "P5"]
WORDS = ["Buyers", "Purchasing Agents", "Farm Products", "Technicians", "Repairers", "Operators", "Tenders",
         "Setters", "Inspectors", "Testers", "Sorters", "Samplers", "Weighers", "Analysts", "Specialists"]


def _region_name(k: int) -> str:
    if k % 3 == 0:
        return f"Nonmetropolitan Area {k:03d} of the Northern and Eastern Counties, Including the River Valley"
    return f"Example City {k:03d}-Exampleton-Sampleville, State A-State B Metropolitan Statistical Area"


def _title(i: int) -> str:
    a, b, c = WORDS[i % len(WORDS)], WORDS[(i // 3) % len(WORDS)], WORDS[(i // 7) % len(WORDS)]
    return f"{a} and {b}, {c} / Other {i:04d}"


def _soc(i: int) -> str:
    return f"{11 + (i % 43):02d}-{1000 + i:04d}"


def make_wage_project(dest: Path, n_roles: int = 1000, n_regions: int = 529, per_role: int = 229,
                      national_only: bool = False) -> Path:
    """Write the project into `dest` (created); returns it."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "site_config"):
        shutil.copytree(REPO / folder, dest / folder)
    roles = dest / "roles"
    (roles / "compensation").mkdir(parents=True)
    regions_file = dest / "site_config" / "regions.yaml"
    regions = yaml.safe_load(regions_file.read_text(encoding="utf-8"))
    areas = [f"us-area-{k:03d}-{'nonmetro' if k % 3 == 0 else 'metro-statistical-area'}" for k in range(n_regions)]
    regions["regions"] += [{"id": rid, "name": _region_name(k), "country": "US", "currency": "USD", "locale": "en_US"}
                           for k, rid in enumerate(areas)]
    regions_file.write_text(yaml.safe_dump(regions, sort_keys=False), encoding="utf-8")
    families_file = dest / "site_config" / "families.yaml"
    families = yaml.safe_load(families_file.read_text(encoding="utf-8"))
    families["families"] += [{"id": f"major-group-{g:02d}", "name": f"Major Group {g:02d}, Occupations / Other",
                              "code": f"MG{g:02d}", "description": f"Synthetic major group {g}."} for g in range(22)]
    families_file.write_text(yaml.safe_dump(families, sort_keys=False), encoding="utf-8")
    categories = ["technical", "system-design", "behavioural", "situational"]
    bank = {"title": "Programming interview questions", "description": "Shared by three related occupations.",
            "questions": [{"text": f"Programming question {q:03d}: how would you test, profile and explain "
                                   f"a function that handles case {q}?", "category": categories[q % 4],
                           "difficulty": ("easy", "medium", "hard")[q % 3]} for q in range(550)]}
    sets = dest / "site_config" / "question_sets"
    sets.mkdir(exist_ok=True)
    (sets / "programming.yaml").write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    overview = ("This occupation plans, directs or coordinates the work described here, with duties that vary "
                "by establishment, industry and area; " * 8)[:800].rstrip(" ;,") + "."
    rows = [HEADER]
    top_coded = 0
    for i in range(n_roles):
        rid = f"occupation-{i:04d}"
        hourly = i % 20 == 7  # published only as hourly wages
        with_levels = i % 5 != 0
        role = {"title": _title(i), "family": f"major-group-{i % 22:02d}", "status": "published",
                "summary": f"{_title(i)}: a generated occupation with public wage statistics ({i}).",
                "overview": overview,
                "levels": [{"level": lv, "title": f"{_title(i)}, {lv}"} for lv in LEVELS] if with_levels else [],
                "classifications": [{"system": "soc-2018", "code": _soc(i), "title": _title(i), "match": "exact",
                                     "source": "generated"}]}
        if i in (1, 2, 3):
            role["question_sets"] = ["programming"]
        (roles / f"{rid}.yaml").write_text(yaml.safe_dump(role, sort_keys=False, allow_unicode=True), encoding="utf-8")
        chosen = ["us"] + ([] if national_only else [areas[(i * 37 + k) % n_regions] for k in range(per_role)])
        for r, region in enumerate(chosen):
            if hourly:
                low, mid, high = 14 + (i % 40) * 0.37 + r * 0.01, 21.43 + (i % 40) * 0.5, 60 + (i % 40) * 1.21
                rows.append(f"{rid},,{region},USD,hour,{low:.2f},{mid:.2f},{high:.2f},,bls-oews-2025,2025-05,{_soc(i)}")
                continue
            low, mid = 30000 + 150 * (i % 300) + 37 * r, 50000 + 260 * (i % 300) + 53 * r
            high = 90000 + 400 * (i % 300) + 71 * r
            open_ = ""
            if high >= TOP_CODE or (i % 97 == 3 and r % 3 == 0 and top_coded < 300):
                high, open_ = TOP_CODE, "true"
                top_coded += 1
                mid = min(mid, TOP_CODE - 1)
            rows.append(f"{rid},,{region},USD,year,{low},{mid},{high},{open_},bls-oews-2025,2025-05,{_soc(i)}")
    (roles / "compensation" / "oews-areas.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return dest
