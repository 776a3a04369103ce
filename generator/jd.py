"""The job-description composer: one coherent JD for a role at a level, in a context, an industry and a region.

The JD is a fixed sequence of **blocks** (title, about, the context, responsibilities, must-have and
nice-to-have qualifications for the level, the industry's requirements, the pay band for the region and
level with its source and period, what we offer, an inclusive-hiring note). Each block is made once,
here, in every format (`md`, `txt`, `html`); composing is choosing blocks and joining them with a blank
line. `rolebook jd` composes in Python; the composer on each JD page joins the same blocks in the browser
(from `api/jd/<role>.json`), so both give the same text. Editor text is escaped for HTML and never
interpreted; each paragraph and list item is one line, so the text pastes into job boards without
breaks mid-sentence.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from .index import Catalog
from .render import pay_text
from .render.text import markdown_html, markdown_to_text, unwrapped

FORMATS = ("md", "txt", "html", "json")
INCLUSIVE_NOTE = (
    "We welcome applications from people of every background, identity, age and ability. If you meet most "
    "but not all of the must-have qualifications, please apply: skills can be learnt on the job. Tell us "
    "about any adjustments you need during the hiring process and we will make them."
)

Block = dict[str, str]


class Unknown(ValueError):
    """A choice that is not one of the role's: what was asked, and what can be chosen."""

    def __init__(self, what: str, value: str, choices: list[str]):
        self.what, self.value, self.choices = what, value, choices
        listed = ", ".join(choices) if choices else "(none)"
        super().__init__(f"unknown {what} {value!r}; choose one of: {listed}")


def _one(text: str) -> str:
    return " ".join(str(text).split())


def _esc(text: str) -> str:
    return html.escape(_one(text), quote=True)


def _list_block(heading: str, items: list[str]) -> Block:
    items = [_one(x) for x in items]
    return {
        "md": "\n".join([f"## {heading}", ""] + [f"- {x}" for x in items]),
        "txt": "\n".join([heading.upper(), ""] + [f"- {x}" for x in items]),
        "html": f"<h2>{_esc(heading)}</h2>\n<ul>\n" + "\n".join(f"<li>{_esc(x)}</li>" for x in items) + "\n</ul>",
    }


def _para_block(heading: str, paragraphs: list[str]) -> Block:
    paras = [_one(p) for p in paragraphs]
    return {
        "md": "\n\n".join([f"## {heading}", *paras]),
        "txt": "\n\n".join([heading.upper(), *paras]),
        "html": f"<h2>{_esc(heading)}</h2>\n" + "\n".join(f"<p>{_esc(p)}</p>" for p in paras),
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _pay_bands(catalog: Catalog, role_id: str, level_id: str) -> dict[str, dict[str, Any]]:
    """Region id → the band a JD quotes for this level: the level's own (salary: or a CSV row for the
    level) before the role's band for all levels."""
    role = catalog.roles[role_id].role
    entry = next(lv for lv in role.levels if lv.level == level_id)
    out: dict[str, dict[str, Any]] = {}
    if entry.salary:
        b = entry.salary
        out[b.region or catalog.default_region] = {"min": b.min, "median": b.median, "max": b.max, "currency": b.currency,
                                                   "period": b.period, "open_ended": b.open_ended, "source": b.source,
                                                   "all_levels": False}
    for want_level in (level_id, None):
        for rec in catalog.compensation_for(role_id):
            if rec.level == want_level and not rec.occupation and rec.region not in out:
                out[rec.region] = {"min": float(rec.min),
                                   "median": None if rec.median is None else float(rec.median), "max": float(rec.max),
                                   "currency": rec.currency, "period": rec.period,
                                   "open_ended": rec.open_ended, "source": rec.source,
                                   "all_levels": want_level is None}
    return out


NO_PAY = "No pay band is recorded for this level in {region}; state the range your organisation offers."


def _pay_block(catalog: Catalog, role_id: str, level_id: str, region_id: str, band: dict[str, Any] | None) -> tuple[Block, dict[str, Any]]:
    region = catalog.regions[region_id]
    if band is None:
        return _para_block("Pay", [NO_PAY.format(region=region.name)]), {"region": region_id, "band": None}
    src = catalog.source(role_id, band["source"])
    text = html.unescape(str(pay_text.band(band["min"], band["max"], band["currency"], band["period"], region.locale,
                                           band["open_ended"], band["median"])))
    scope = "the role at all levels" if band["all_levels"] else f"level {level_id}"
    line = f"{text} in {region.name} for {scope} (source: {src.title}, as of {src.as_of})."
    return _para_block("Pay", [line]), {"region": region_id, "band": text, "currency": band["currency"],
                                        "period": band["period"], "min": band["min"], "median": band["median"],
                                        "max": band["max"], "all_levels": band["all_levels"], "source": src.title,
                                        "as_of": src.as_of}


def parts(catalog: Catalog, role_id: str) -> dict[str, Any]:
    """Every block of the role's JD, for the composer page (api/jd/<role>.json) and for `compose`."""
    role = catalog.roles[role_id].role
    jd = role.job_description
    if jd is None:
        raise Unknown("role with a job description", role_id, [r for r, e in catalog.roles.items() if e.role.job_description])
    about = unwrapped(jd.about.strip())
    levels = {}
    for lv in role.levels:
        bands = _pay_bands(catalog, role_id, lv.level)
        levels[lv.level] = {
            "title": lv.title,
            "head": {"md": f"# {_one(lv.title)}", "txt": _one(lv.title).upper(), "html": f"<h1>{_esc(lv.title)}</h1>"},
            "responsibilities": _list_block("Key responsibilities", list(dict.fromkeys([*jd.responsibilities, *lv.responsibilities]))),
            "must_have": _list_block("Must-have qualifications", list(dict.fromkeys([*jd.must_have, *lv.core_skills]))),
            "pay": {rid: _pay_block(catalog, role_id, lv.level, rid, band)[0] for rid, band in bands.items()},
        }
    return {
        "role": role.title,
        "about": {"md": "## About the role\n\n" + about, "txt": "ABOUT THE ROLE\n\n" + markdown_to_text(about),
                  "html": "<h2>About the role</h2>\n" + str(markdown_html(about))},
        "nice_to_have": _list_block("Nice-to-have qualifications", jd.nice_to_have) if jd.nice_to_have else None,
        "offer": _list_block("What we offer", jd.offer) if jd.offer else None,
        "contexts": {c.context: _para_block(f"Working here: {c.context}", [c.text]) for c in jd.contexts},
        "industries": {i.industry: _list_block(f"In {i.industry}", [f"Key requirements: {i.requirements}",
                                                                     f"Considerations: {i.considerations}"])
                       for i in jd.industries},
        "inclusive": _para_block("Inclusive hiring", [INCLUSIVE_NOTE]),
        "no_pay": _para_block("Pay", [NO_PAY]),  # the composer fills {region} (HTML-escaped in "html")
        "levels": levels,
    }


def composer_data(catalog: Catalog, role_id: str) -> dict[str, Any]:
    """api/jd/<role>.json: the blocks, and the regions the picker offers (those with a band at some level)."""
    data = parts(catalog, role_id)
    present = {rid for lv in data["levels"].values() for rid in lv["pay"]}
    shown = list(dict.fromkeys([catalog.default_region, *catalog.shown_regions(present)]))
    data["regions"] = [[rid, catalog.regions[rid].name] for rid in shown]
    data["default_region"] = catalog.default_region
    return data


def _pick(what: str, value: str | None, choices: list[str]) -> str | None:
    if value is None:
        return None
    for c in choices:
        if value == c or value.casefold() == c.casefold() or _slug(value) == _slug(c):
            return c
    raise Unknown(what, value, choices)


@dataclass(frozen=True)
class Choice:
    level: str
    context: str | None
    industry: str | None
    region: str


def choose(catalog: Catalog, role_id: str, level: str | None, context: str | None, industry: str | None,
           region: str | None) -> Choice:
    """The reader's choices checked against the role's (names matched ignoring case and punctuation)."""
    if role_id not in catalog.roles:
        raise Unknown("role", role_id, list(catalog.roles))
    role = catalog.roles[role_id].role
    if role.job_description is None:
        raise Unknown("role with a job description", role_id, [r for r, e in catalog.roles.items() if e.role.job_description])
    levels = [lv.level for lv in role.levels]
    if not levels:
        raise Unknown("level", level or "", [])
    lv = _pick("level", level, levels) or levels[0]
    ctx = _pick("context", context, [c.context for c in role.job_description.contexts])
    ind = _pick("industry", industry, [i.industry for i in role.job_description.industries])
    reg = _pick("region", region, list(catalog.regions)) if region else catalog.default_region
    if region and reg is None:
        raise Unknown("region", region, list(catalog.regions))
    return Choice(lv, ctx, ind, reg or catalog.default_region)


def blocks(catalog: Catalog, role_id: str, data: dict[str, Any], c: Choice) -> list[Block]:
    lv = data["levels"][c.level]
    pay = lv["pay"].get(c.region) or _pay_block(catalog, role_id, c.level, c.region, None)[0]
    seq = [lv["head"], data["about"], data["contexts"].get(c.context) if c.context else None, lv["responsibilities"],
           lv["must_have"], data["nice_to_have"], data["industries"].get(c.industry) if c.industry else None, pay,
           data["offer"], data["inclusive"]]
    return [b for b in seq if b]


def compose(catalog: Catalog, role_id: str, c: Choice, fmt: str) -> str:
    """The composed JD as text in `fmt` (md, txt, html or json), ending with a newline."""
    data = parts(catalog, role_id)
    if fmt == "json":
        return _json(catalog, role_id, data, c)
    body = "\n\n".join(b[fmt] for b in blocks(catalog, role_id, data, c))
    if fmt == "html":
        title = _esc(data["levels"][c.level]["title"])
        body = (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n</head>\n'
                f"<body>\n{body}\n</body>\n</html>")
    return body + "\n"


def _json(catalog: Catalog, role_id: str, data: dict[str, Any], c: Choice) -> str:
    from .render.api import safe_json

    role = catalog.roles[role_id].role
    jd = role.job_description
    assert jd is not None
    lv = next(x for x in role.levels if x.level == c.level)
    band = _pay_bands(catalog, role_id, c.level).get(c.region)
    ctx = next((x for x in jd.contexts if x.context == c.context), None)
    ind = next((x for x in jd.industries if x.industry == c.industry), None)
    doc = {
        "role": role_id, "role_title": role.title, "level": c.level, "title": lv.title,
        "code": catalog.level_code(role_id, c.level), "context": c.context, "industry": c.industry, "region": c.region,
        "about": data["about"]["txt"].split("\n\n", 1)[1], "context_note": ctx.text if ctx else None,
        "responsibilities": list(dict.fromkeys([*jd.responsibilities, *lv.responsibilities])),
        "must_have": list(dict.fromkeys([*jd.must_have, *lv.core_skills])), "nice_to_have": list(jd.nice_to_have),
        "industry_requirements": {"requirements": ind.requirements, "considerations": ind.considerations} if ind else None,
        "pay": _pay_block(catalog, role_id, c.level, c.region, band)[1], "offer": list(jd.offer),
        "inclusive_note": INCLUSIVE_NOTE,
    }
    return safe_json(doc, indent=1) + "\n"
