"""Machine-readable output: the catalog as JSON, one JSON file per role, schema.org JSON-LD.

The shape of `api/catalog.json` is documented in content/about/api.md; keep the two in step.
URLs inside the JSON are site-relative (e.g. `roles/ai-engineer/`).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..index import Catalog, PayBand
from ..models import Role
from ..schema import render_schema
from .links import level_page, page_url, role_page
from .occupation_pay import is_statistic, occupation_facts

API_VERSION = 2
"""2: `catalog.json` no longer repeats every pay band (`compensation`): each role's bands are in its
own `api/roles/<id>.json` under `pay`, in compact groups; region names are in `api/regions.json`."""
PAY_COLUMNS = ("region", "level", "min", "median", "max", "open_ended")


def safe_json(data: Any, *, indent: int | None = None, compact: bool = False) -> str:
    """JSON that is also safe inside an HTML <script> element (`<`, `>` and `&` escaped); `compact`: no spaces."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False, separators=(",", ":") if compact else None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def pay_bands(catalog: Catalog, role_id: str, level_id: str | None) -> list[PayBand]:
    """Pay bands for a role-level: the YAML band, then CSV rows for the level and for all levels
    (with level None: every band of the role). Computed once per role and level."""
    key = (role_id, level_id)
    if key not in catalog.memo:
        catalog.memo[key] = _pay_bands(catalog, role_id, level_id)
    return catalog.memo[key]


def _pay_bands(catalog: Catalog, role_id: str, level_id: str | None) -> list[PayBand]:
    if level_id is not None:  # the same band objects as the role's full list: no copies per level
        return [b for b in pay_bands(catalog, role_id, None) if b.level in (None, level_id)]
    role = catalog.roles[role_id].role
    out = [PayBand.from_salary(lv.level, lv.salary, lv.salary.region or catalog.default_region,
                               catalog.source(role_id, lv.salary.source).as_of)
           for lv in role.levels if lv.salary]
    return out + catalog.compensation_for(role_id)  # the catalog's own band objects, not copies


def _level_salary(catalog: Catalog, role_id: str, level_id: str) -> list[dict[str, Any]]:
    """A level's own bands, plus the role's all-level bands of the regions its pages show; never
    occupation-wide statistics (every figure of the role, statistics included, is in its file's `pay`)."""
    bands = [b for b in pay_bands(catalog, role_id, level_id) if not is_statistic(b)]
    shown = set(catalog.shown_regions({b.region for b in bands if b.level is None}))
    return [b.as_dict() for b in bands if b.level is not None or b.region in shown]


def role_level_records(catalog: Catalog, only_role: str | None = None) -> list[dict[str, Any]]:
    records = []
    pairs = catalog.role_levels if only_role is None else [(only_role, lv) for lv in catalog.roles[only_role].role.levels]
    for role_id, lv in pairs:
        role = catalog.roles[role_id].role
        d = catalog.levels[lv.level]
        records.append({
            "code": catalog.level_code(role_id, lv.level), "role": role_id, "role_title": role.title,
            "family": role.family, "level": lv.level, "level_name": d.name, "title": lv.title,
            "url": page_url(level_page(catalog, role_id, lv.level)),
            "experience": list(lv.years or d.experience),
            "descriptors": {k: getattr(d, k) for k in ("scope", "autonomy", "complexity", "impact",
                                                        "decision_rights", "leadership")},
            "skills": [{"skill": s.skill, "name": catalog.skills[s.skill].name, "proficiency": s.proficiency}
                       for s in role.skills],
            "salary": _level_salary(catalog, role_id, lv.level),
            "time_to_learn_months": role.requirements.time_to_learn_months if role.requirements else None,
            "responsibilities": list(lv.responsibilities),
        })
    return records


def catalog_json(catalog: Catalog) -> str:
    data = {
        "api_version": API_VERSION,
        "site": catalog.site_name,
        "default_region": catalog.default_region,
        "regions": [r.model_dump(mode="json", exclude_none=True) for r in catalog.regions.values()],
        "levels": [lv.model_dump(mode="json") for lv in catalog.levels.values()],
        "families": [f.model_dump(mode="json") for f in catalog.families.values()],
        "skills": [{**s.model_dump(mode="json", exclude={"resources"}), "url": f"skills/{s.id}/"}
                   for s in catalog.skills.values()],
        "roles": [{
            "id": rid, "code": catalog.role_code(rid), "title": e.role.title, "family": e.role.family,
            "status": e.role.status, "version": e.role.version, "summary": e.role.summary,
            "url": page_url(role_page(rid, "index.md")), "detail": f"api/roles/{rid}.json",
            "levels": [lv.level for lv in e.role.levels],
        } for rid, e in catalog.roles.items()],
        "role_levels": role_level_records(catalog),
        "questions": [{"role": rid, **a.question.model_dump(mode="json", exclude_none=True),
                       **({"set": a.set_id} if a.set_id else {})}
                      for rid in catalog.roles for a in catalog.questions_of(rid)],
    }
    return _dump(data)


def _dump(data: Any) -> str:
    """Compact JSON, one line: these files grow with the catalog, and indentation doubled them."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def compare_json(catalog: Catalog) -> str:
    """What the compare page needs up front: one short row per role-level for the pickers."""
    data = {
        "api_version": API_VERSION,
        "default_region": catalog.default_region,
        "regions": [{"id": r.id, "name": r.name} for r in catalog.regions.values()],
        "role_levels": [{
            "code": catalog.level_code(rid, lv.level), "title": lv.title, "role": rid,
            "role_title": catalog.roles[rid].role.title, "level": lv.level, "detail": f"api/roles/{rid}.json",
        } for rid, lv in catalog.role_levels],
    }
    return _dump(data)


def pay_groups(catalog: Catalog, role_id: str) -> list[dict[str, Any]]:
    """Every band of the role, in groups of one source, date, currency, period and occupation: what
    they share is written once, each band is a short row of `PAY_COLUMNS` (the region picker reads
    them; a role with pay in 530 regions stays small). A group of occupation-wide statistics carries
    `statistics`: the occupation and what its figures are (see `occupation_pay`)."""
    groups: dict[tuple, dict[str, Any]] = {}
    for b in pay_bands(catalog, role_id, None):
        key = (b.source, b.as_of, b.currency, b.period, b.occupation)
        if key not in groups:
            group: dict[str, Any] = {"source": b.source, "source_title": catalog.source(role_id, b.source).title,
                                     "as_of": b.as_of, "currency": b.currency, "period": b.period}
            if b.occupation is not None:
                facts = occupation_facts(catalog, role_id, b.source, b.occupation)
                group["statistics"] = {k: facts[k] for k in ("code", "label", "match", "match_text", "population",
                                                             "min", "median", "max")}
                group["statistics"]["shared_with"] = [r["id"] for r in facts["shared_with"]]
            groups[key] = group | {"rows": []}
        groups[key]["rows"].append([getattr(b, c) for c in PAY_COLUMNS])
    return list(groups.values())


def regions_json(catalog: Catalog) -> str:
    """Every region's name and locale, once for the whole site (the region picker reads it)."""
    return _dump({"api_version": API_VERSION,
                  "regions": {r.id: {"name": r.name, "locale": r.locale} for r in catalog.regions.values()}})


def role_json(catalog: Catalog, role_id: str) -> str:
    role = catalog.roles[role_id].role
    data = {"api_version": API_VERSION, "id": role_id, "code": catalog.role_code(role_id),
            "url": page_url(role_page(role_id, "index.md")), **role.model_dump(mode="json", exclude_none=True),
            "role_levels": role_level_records(catalog, role_id),
            "pay_columns": list(PAY_COLUMNS), "pay": pay_groups(catalog, role_id), "pay_regions": "api/regions.json"}
    return _dump(data)


def api_files(catalog: Catalog) -> dict[str, str]:
    files = api_site_files(catalog)
    for role_id in catalog.roles:
        files.update(api_role_files(catalog, role_id))
    return files


def api_site_files(catalog: Catalog) -> dict[str, str]:
    """The API files of the whole catalog (each role's own are `api_role_files`)."""
    return {"api/catalog.json": catalog_json(catalog), "api/compare.json": compare_json(catalog),
            "api/regions.json": regions_json(catalog),
            "api/schema/role.schema.json": render_schema(Role, "role.schema.json")}


def api_role_files(catalog: Catalog, role_id: str) -> dict[str, str]:
    return {f"api/roles/{role_id}.json": role_json(catalog, role_id)}


def occupation_jsonld(catalog: Catalog, role_id: str) -> Markup:
    """schema.org Occupation for a role, as a <script> element safe to embed in the page."""
    role = catalog.roles[role_id].role
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Occupation", "name": role.title, "description": role.summary,
    }
    if role.classifications:
        data["occupationalCategory"] = [
            {"@type": "CategoryCode", "codeValue": c.code, "name": c.title, "inCodeSet": c.system} for c in role.classifications
        ]
    if role.skills:
        data["skills"] = [catalog.skills[s.skill].name for s in role.skills]
    responsibilities = role.job_description.responsibilities if role.job_description else \
        [r for lv in role.levels for r in lv.responsibilities]
    if responsibilities:
        data["responsibilities"] = list(responsibilities)
    if role.job_description and role.job_description.must_have:
        data["qualifications"] = list(role.job_description.must_have)
    spans = [lv.years or catalog.levels[lv.level].experience for lv in role.levels]
    if spans:
        data["experienceRequirements"] = {"@type": "OccupationalExperienceRequirements",
                                          "monthsOfExperience": min(s[0] for s in spans) * 12}
    salaries = []
    bands = pay_bands(catalog, role_id, None)
    shown = set(catalog.shown_regions({b.region for b in bands}))  # the page's regions, not all 500
    for band in (b for b in bands if b.region in shown):
        region = catalog.regions[band.region]
        name = f"{region.name}" + (f", {band.level}" if band.level else "")
        if band.occupation is not None:  # a statistic (`is_statistic`): say it describes a whole occupation, not the role
            name += f", occupation-wide statistics for {occupation_facts(catalog, role_id, band.source, band.occupation)['label']}"
        item = {"@type": "MonetaryAmountDistribution", "name": name,
                "currency": band.currency, "duration": {"year": "P1Y", "month": "P1M", "hour": "PT1H"}[band.period],
                "minValue": band.min}
        if not band.open_ended:  # a top-coded maximum ("at least") is not a maximum
            item["maxValue"] = band.max
        if band.median is not None:
            item["median"] = band.median
        salaries.append(item)
    if salaries:
        data["estimatedSalary"] = salaries
    return Markup(f'\n<script type="application/ld+json">{safe_json(data)}</script>\n')
