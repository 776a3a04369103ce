"""`rolebook jd ROLE --level L --context C --industry I --region R --format md|txt|html|json`: one composed
job description on standard output, for ATS pipelines (see generator/jd.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .jd import FORMATS, Unknown, choose, compose
from .load.project import find_root
from .pipeline import check
from .problems import errors, format_text, printable


def cmd_jd(args: argparse.Namespace) -> int:
    from .index import build_catalog

    root = find_root(Path(args.path))
    project, problems = check(root)
    if errors(problems):
        print(format_text([p for p in problems if p.severity == "error"]), file=sys.stderr)
        print("rolebook: jd: content has errors; fix them (rolebook validate) and try again", file=sys.stderr)
        return 1
    catalog = build_catalog(project)
    try:
        choice = choose(catalog, args.role, args.level, args.context, args.industry, args.region)
    except Unknown as exc:
        print(f"rolebook: jd: {printable(str(exc))}", file=sys.stderr)
        return 1
    sys.stdout.write(compose(catalog, args.role, choice, args.format))
    return 0


def add_jd_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("jd", help="compose one job description for a role, level, context, industry and region")
    p.add_argument("role", help="role id, e.g. ai-engineer")
    p.add_argument("--level", help="level id from the role's ladder, e.g. P3 (default: the first)")
    p.add_argument("--context", help="one of the role's context variations, e.g. Startup (default: none)")
    p.add_argument("--industry", help="one of the role's industry considerations, e.g. Healthcare (default: none)")
    p.add_argument("--region", help="region id from site_config/regions.yaml (default: the site's default region)")
    p.add_argument("--format", choices=FORMATS, default="md", help="output format (default: md)")
    p.add_argument("--path", default=".", help="project root (default: .)")
    p.set_defaults(func=cmd_jd)
