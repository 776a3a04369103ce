"""`rolebook build | serve | schema`: thin faces over generate() and publish."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import shlex
import signal
import sys
from pathlib import Path

from .load.project import find_root
from .pipeline import ValidationFailed, check
from .problems import Problem, errors, format_summary, format_text
from .schema import check_schemas, write_schemas


def _fail(message: str) -> int:
    print(f"rolebook: {message}", file=sys.stderr)
    return 1


def cmd_build(args: argparse.Namespace) -> int:
    try:
        return _build(args)
    finally:
        gc.unfreeze()  # frozen below: a caller running several builds in one process gets its collector back


def _build(args: argparse.Namespace) -> int:
    from .builders import BuilderMissing, build_with
    from .environment import BadEnvironment, build_date, jobs_setting
    from .jobs import Stopped, stop_on_sigterm
    from .pages_tree import TreeError, pages_tree
    from .publish import OutputError, PublishError, build_site, check_pages_dir, write_pages

    root = find_root(Path(args.path))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:  # a bad environment stops the build before anything runs (MkDocs would die with a traceback)
        build_date()
        if args.jobs is not None:
            os.environ["ROLEBOOK_JOBS"] = str(args.jobs)  # one setting for page, role-page and chart workers
        elif os.environ.get("ROLEBOOK_JOBS"):
            os.environ["ROLEBOOK_JOBS"] = str(jobs_setting(os.environ["ROLEBOOK_JOBS"], "ROLEBOOK_JOBS"))
        if not args.cache:
            os.environ["ROLEBOOK_CACHE"] = "0"  # one setting for the render and page caches
    except BadEnvironment as exc:
        print(f"rolebook: {exc}", file=sys.stderr)
        return 2
    _show_mkdocs_warnings()
    what = "output" if args.pages_only else "site"
    try:
        with stop_on_sigterm():
            _, problems = check(root)
            if errors(problems):
                print(format_text(problems), file=sys.stderr)
                return _fail("content has errors; nothing was written")
            _report_warnings(problems, args.all_warnings)
            # The models just read live until the build ends: the collector need not walk them again
            # and again while the pages are made (as run() does before exiting, see cli.py).
            gc.freeze()
            if args.pages_only:
                check_pages_dir(Path(args.pages_only), root)
                generated, files = pages_tree(root, strict=None if args.strict else False)
                out = write_pages(files, Path(args.pages_only), root)
                count = sum(path.endswith(".md") for path in generated.pages)
                print(f"Wrote {count} generated pages, the hand-written pages, the theme and a config for MkDocs, "
                      f"ProperDocs (mkdocs.yml) and Zensical (zensical.toml) to {out}")
                return 0
            site_dir = Path(args.site_dir) if args.site_dir else None
            if args.builder != "mkdocs":
                site = build_with(args.builder, root, site_dir, strict=args.strict)
            else:
                site = build_site(root, site_dir, strict=args.strict, jobs=args.jobs)
    except ValidationFailed as exc:
        print(format_text(exc.problems), file=sys.stderr)
        return _fail("content has errors; nothing was written")
    except OutputError as exc:
        print(f"rolebook: {exc}", file=sys.stderr)
        return 2
    except BuilderMissing as exc:
        return _fail(str(exc))
    except (PublishError, TreeError) as exc:
        return _fail(f"build failed, previous {what} left as it was: {exc}")
    except Stopped:
        print(f"rolebook: stopped (SIGTERM); previous {what} left as it was", file=sys.stderr)
        return 128 + signal.SIGTERM
    _report_reuse()
    # Opened from disk, a built site's links are folder listings and search is missing: say how to serve it.
    shown = shlex.quote(os.path.relpath(site) if Path(os.path.relpath(site)).parts[:1] != ("..",) else str(site))
    print(f"Site built in {shown}. To look at it, run: python3 -m http.server --directory {shown} 8000, then open "
          "http://127.0.0.1:8000/ (or run 'rolebook serve' for a live preview that rebuilds as you edit)")
    return 0


def _report_reuse() -> None:
    """What the build reused: render units (one role's pages, a family page...) and HTML pages."""
    from .generate import LAST_RENDER
    from .parallel_build import LAST_BUILD

    if LAST_RENDER.get("units"):
        units, reused = LAST_RENDER["units"], LAST_RENDER["reused"]
        print(f"{units:,} render units: {reused:,} unchanged (.cache/units/), {units - reused:,} rendered")
    if LAST_BUILD.get("pages"):
        pages, fresh = LAST_BUILD["pages"], max(LAST_BUILD["converted"], LAST_BUILD["rendered"])
        kept = f"; {LAST_BUILD['kept']:,} HTML files left as they were" if LAST_BUILD.get("kept") else ""
        kept += f"; {LAST_BUILD['static_kept']:,} other files left as they were" if LAST_BUILD.get("static_kept") else ""
        print(f"{pages:,} pages: {pages - fresh:,} unchanged (.cache/pages/), {fresh:,} built{kept}")


def _report_warnings(problems: list[Problem], all_warnings: bool) -> None:
    """A build with warnings says so: by default a summary by code with the first few of each,
    with --all-warnings every one (as `rolebook validate` lists them)."""
    if not problems:
        return
    if all_warnings:
        print(format_text(problems), file=sys.stderr)
        return
    summary = format_summary(problems, "  run 'rolebook build --all-warnings' or 'rolebook validate' to list every warning")
    if summary:
        print(summary, file=sys.stderr)


def _jobs(value: str) -> int:
    """--jobs: a whole number from 1 up; above MAX_JOBS it is capped (with a note)."""
    from .environment import MAX_JOBS, BadEnvironment, jobs_setting

    try:
        jobs = jobs_setting(value, "--jobs")
    except BadEnvironment:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of worker processes: "
                                         f"use a whole number from 1 to {MAX_JOBS}") from None
    if jobs < int(value):
        print(f"rolebook: --jobs {int(value)} is more than {MAX_JOBS}; using {MAX_JOBS}", file=sys.stderr)
    return jobs


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record comes (a second build in one process, or a test
    capturing output, never writes to a stream closed since)."""

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def _show_mkdocs_warnings() -> None:
    """MkDocs' warnings (a broken link in a hand-written page, say) name the page: print them, so a
    strict build that stops says why."""
    mkdocs_log = logging.getLogger("mkdocs")
    if not any(getattr(h, "rolebook", False) for h in mkdocs_log.handlers):
        handler = _StderrHandler()
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.rolebook = True  # type: ignore[attr-defined]
        mkdocs_log.addHandler(handler)


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import MkDocsException

    from .preview import serve

    root = find_root(Path(args.path))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    try:
        serve(config_file=str(root / "mkdocs.yml"), dev_addr=args.dev_addr)
    except MkDocsException as exc:
        return _fail(str(exc))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    root = find_root(Path(args.path))
    if args.check:
        stale = check_schemas(root)
        if stale:
            for path in stale:
                print(f"{path.relative_to(root)}: stale or missing", file=sys.stderr)
            return _fail("files generated from the models are out of date; run 'rolebook schema' and commit the result")
        print("JSON Schemas and the field reference are up to date")
        return 0
    for path in write_schemas(root):
        print(f"wrote {path.relative_to(root)}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .load.project import read_project
    from .scaffold import ScaffoldError, write_starter

    root = find_root(Path(args.path))
    project = read_project(root)
    families = [f.id for f in project.families.model.families] if project.families else []
    roles = {rid: loaded.model for rid, loaded in project.roles.items()}
    try:
        target = write_starter(root, args.id, args.title, args.family, args.source, families, roles)
    except ScaffoldError as exc:
        return _fail(str(exc))
    _, problems = check(root)
    mine = [p for p in errors(problems) if p.path == f"roles/{args.id}.yaml"]
    if mine:  # a bug in the starter, not the editor's fault: say so plainly
        print(format_text(mine), file=sys.stderr)
        return _fail(f"the starter {target} does not validate; please report this")
    print(f"Wrote {target.relative_to(root)}. Fill it in, then run: rolebook validate roles/")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .init_project import InitError, init_project

    try:
        written = init_project(Path(args.path))
    except InitError as exc:
        return _fail(str(exc))
    shown = shlex.quote(args.path)
    print(f"Wrote a Rolebook project in {args.path} ({len(written)} files: site_config/, roles/data-analyst.yaml, "
          "content/, mkdocs.yml, zensical.toml, .pre-commit-config.yaml, .github/workflows/rolebook.yml).")
    print(f"Next: cd {shown} && rolebook build   (or `rolebook serve` for a live preview; "
          "`rolebook new <id> --title \"...\"` starts another role)")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    from .builders import NAMES

    p = sub.add_parser("init", help="write a minimal, valid project (never over existing files)")
    p.add_argument("path", nargs="?", default=".", help="folder to write it into, made if missing (default: .)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("new", help="write a starter roles/<id>.yaml (never overwrites)")
    p.add_argument("id", help="role id: lower-case letters, digits and hyphens, e.g. ai-engineer")
    p.add_argument("--title", required=True, help="role title, e.g. 'AI Engineer'")
    p.add_argument("--family", help="family id from site_config/families.yaml (needed when there are several)")
    p.add_argument("--from", dest="source", metavar="ROLE_ID", help="reuse the skills and ladder levels of this role")
    p.add_argument("--path", default=".", help="project root (default: .)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("build", help="validate, then build the site (atomically) into site/")
    p.add_argument("path", nargs="?", default=".", help="project root (default: .)")
    p.add_argument("--site-dir", help="output folder (default: site_dir from mkdocs.yml); only a new or empty "
                   "folder, or one Rolebook made, is replaced")
    p.add_argument("--pages-only", metavar="DIR", help="write a builder-neutral tree to DIR instead of a site: every page "
                   "with its final content, the theme, mkdocs.yml and zensical.toml (same rule)")
    p.add_argument("--builder", choices=NAMES, default="mkdocs",
                   help="the site builder: mkdocs (default, in-process with the rolebook plugin), properdocs or zensical "
                   "(each builds the --pages-only tree)")
    p.add_argument("--all-warnings", action="store_true",
                   help="list every warning (default: a summary by code with the first few of each)")
    p.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on MkDocs warnings")
    p.add_argument("--no-cache", dest="cache", action="store_false",
                   help="render every page afresh (default: reuse unchanged pages from .cache/units/ and .cache/pages/)")
    p.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                   help="worker processes for rendering pages, 1 to 32 (default: $ROLEBOOK_JOBS or the number of "
                   "CPUs, at most 8; 1 runs MkDocs' serial build)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="live preview; rebuilds when roles/ or site_config/ change")
    p.add_argument("path", nargs="?", default=".", help="project root (default: .)")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("schema", help="write the JSON Schemas (site_config/schema/) and the field reference")
    p.add_argument("path", nargs="?", default=".", help="project root (default: .)")
    p.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are stale")
    p.set_defaults(func=cmd_schema)
