"""Build time, page size and chart cost for the sample catalog and for generated catalogs.

Not a test: run `make bench` (or `.venv/bin/python benchmarks/scale.py [N]`) and read the tables.

1. Pages: the sample catalog, and N roles cloned from the sample roles under new ids and titles,
   spread over ten families (no compensation rows).
2. Search: in the scale table, what a reader's browser (Debian Chromium) fetches and waits for
   when searching: bytes of Pagefind files fetched on page load (should be 0), bytes fetched
   from the first keystroke to the first result, and the time between them; then the bytes of a
   second query. The static server does not compress, so bytes are an upper bound.
2a. Wages (benchmarks/wages.py): N occupations with pay for the nation and 529 areas (about 230
   rows each), hourly-only occupations and top-coded maxima, checked against the targets for the
   largest and median page, site size, peak memory and cold build (≤ 2× national pay only).
3. Charts: N programmatic roles, each with five levels (P1-P5) and pay for five regions at every
   level (25 CSV rows per role), built three ways: charts off, charts on with an empty cache
   (cold), and again with the cache filled (warm).

Figures are wall-clock on this machine, one run each.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
ROLEBOOK = Path(sys.executable).with_name("rolebook")


def make_project(dest: Path, n_roles: int | None) -> Path:
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "site_config"):
        shutil.copytree(REPO / folder, dest / folder)
    if n_roles is None:
        shutil.copytree(REPO / "roles", dest / "roles")
        return dest
    (dest / "roles").mkdir()
    families = [{"id": f"family-{i}", "name": f"Family {i}", "code": f"FAM{i}", "description": f"Synthetic family {i}."}
                for i in range(10)]
    families_file = dest / "site_config" / "families.yaml"
    data = yaml.safe_load(families_file.read_text(encoding="utf-8"))
    data["families"] += families
    families_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    templates = sorted((REPO / "roles").glob("*.yaml"))
    for i in range(n_roles):
        source = templates[i % len(templates)].read_text(encoding="utf-8")
        text = re.sub(r"^title: (.*)$", lambda m, i=i: f"title: {m.group(1).strip(chr(34))} {i:04d}", source, count=1, flags=re.M)
        text = re.sub(r"^family: .*$", f"family: family-{i % 10}", text, count=1, flags=re.M)
        text = re.sub(r"^code: .*\n", "", text, count=1, flags=re.M)
        text = re.sub(r"^adjacency:.*\n(  .*\n)*", "", text, count=1, flags=re.M)  # pins name roles not cloned
        (dest / "roles" / f"{templates[i % len(templates)].stem}-{i:04d}.yaml").write_text(text, encoding="utf-8")
    return dest


def measure(label: str, n_roles: int | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="rolebook-bench-") as tmp:
        root = make_project(Path(tmp), n_roles)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        start = time.perf_counter()
        gen = subprocess.run([sys.executable, "-c", "from pathlib import Path; from rolebook.generate import generate;"
                              f" print(len(generate(Path({str(root)!r})).pages))"], capture_output=True, text=True, env=env)
        gen_s = time.perf_counter() - start
        if gen.returncode:
            raise SystemExit(gen.stderr)
        start = time.perf_counter()
        build = subprocess.run([str(ROLEBOOK), "build", str(root)], capture_output=True, text=True, env=env)
        build_s = time.perf_counter() - start
        if build.returncode:
            raise SystemExit(build.stderr)
        pages = [p for p in (root / "site").rglob("*.html")]
        sizes = sorted((p.stat().st_size, p) for p in pages)
        largest, largest_path = sizes[-1]
        total = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        return {
            "catalog": label, "roles": len(list((root / "roles").glob("*.yaml"))), "html pages": len(pages),
            "generate (s)": f"{gen_s:.1f}", "rolebook build (s)": f"{build_s:.1f}",
            "median page (KB)": f"{statistics.median(s for s, _ in sizes) / 1024:.0f}",
            "largest page (KB)": f"{largest / 1024:.0f} ({largest_path.relative_to(root / 'site')})",
            "site (MB)": f"{total / 1e6:.1f}",
        }


REGIONS = ["us", "us-seattle", "us-new-york", "us-boston", "us-austin"]
LEVELS = ["P1", "P2", "P3", "P4", "P5"]


def make_chart_project(dest: Path, n_roles: int) -> Path:
    """N roles with five levels each and pay for five regions at every level."""
    make_project(dest, 0)
    skills = sorted(s["id"] for f in (dest / "site_config" / "skills").glob("*.yaml")
                    for s in (yaml.safe_load(f.read_text(encoding="utf-8")).get("skills") or []))
    rows = ["role,level,region,currency,period,min,median,max,source,as_of"]
    for i in range(n_roles):
        rid = f"synthetic-role-{i:04d}"
        picked = [skills[(i * 7 + k * 5) % len(skills)] for k in range(8)]
        role = {
            "title": f"Synthetic Role {i:04d}", "family": f"family-{i % 10}", "status": "published",
            "summary": f"A generated role used to measure build cost ({i}).",
            "requirements": {"difficulty": "intermediate", "entry_barrier": "medium", "coding": "helpful",
                             "time_to_learn_months": 6 + i % 6},
            "skills": [{"skill": s, "proficiency": 1 + (i + k) % 5} for k, s in enumerate(dict.fromkeys(picked))],
            "roadmap": [{"title": f"Phase {k}", "weeks": 3 + (i + k) % 4, "goals": [f"Goal {k}"],
                         "milestone": f"Milestone {k}"} for k in range(1, 5)],
            "levels": [{"level": lv, "title": f"Synthetic Role {i:04d} {lv}",
                        "responsibilities": [f"Responsibility {lv} {k}" for k in range(3)]} for lv in LEVELS],
            "questions": [{"text": f"Question {k} for role {i}?", "category": "technical"} for k in range(3)],
        }
        (dest / "roles" / f"{rid}.yaml").write_text(yaml.safe_dump(role, sort_keys=False), encoding="utf-8")
        for j, lv in enumerate(LEVELS):
            for r, region in enumerate(REGIONS):
                low = 60000 + 1000 * (i % 50) + 20000 * j + 5000 * r
                rows.append(f"{rid},{lv},{region},USD,year,{low},{low + 20000},{low + 45000},jd-guide-2026,2026-06")
    (dest / "roles" / "compensation").mkdir(exist_ok=True)
    (dest / "roles" / "compensation" / "synthetic.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return dest


def _build(root: Path, charts: bool) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ROLEBOOK_CHARTS": "1" if charts else "0"}
    start = time.perf_counter()
    result = subprocess.run([str(ROLEBOOK), "build", str(root)], capture_output=True, text=True, env=env)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return time.perf_counter() - start


def _generate_seconds(root: Path, cache: Path | None = None, charts: bool = True) -> tuple[float, int]:
    """generate() alone (validation, rendering, charts), in a fresh process so no engine is warm."""
    cache_arg = f"Path({str(cache)!r})" if cache else "False"
    code = ("import time, sys; from pathlib import Path; from rolebook.generate import generate; t = time.perf_counter(); "
            f"g = generate(Path({str(root)!r}), chart_cache={cache_arg}, charts={charts}); "
            "print(time.perf_counter() - t, g.chart_count)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def measure_charts(n_roles: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="rolebook-bench-charts-") as tmp:
        root = make_chart_project(Path(tmp), n_roles)
        gen_off, _ = _generate_seconds(root, charts=False)
        cache = root / ".cache" / "charts"
        gen_cold, count = _generate_seconds(root, cache)
        gen_warm, _ = _generate_seconds(root, cache)
        shutil.rmtree(cache)
        off = _build(root, charts=False)
        cold = _build(root, charts=True)
        warm = _build(root, charts=True)
        page = root / "site" / "roles" / "synthetic-role-0001" / "index.html"
        return {
            "roles": n_roles, "charts": count,
            "chart time cold (s)": f"{gen_cold - gen_off:.1f}", "chart time warm (s)": f"{gen_warm - gen_off:.1f}",
            "build, no charts (s)": f"{off:.1f}", "build, cold (s)": f"{cold:.1f} ({cold / off:.2f}×)",
            "build, warm (s)": f"{warm:.1f} ({warm / off:.2f}×)",
            "role page with charts (KB)": f"{page.stat().st_size / 1024:.0f}",
        }


def make_question_project(dest: Path, n_roles: int, per_role: int = 20) -> Path:
    """N roles with `per_role` interview questions each (and nothing else heavy)."""
    make_project(dest, 0)
    categories = ["technical", "system-design", "behavioural", "situational", "culture-fit"]
    words = "model data drift latency bias cost metric pipeline feature privacy stakeholder rollback".split()
    for i in range(n_roles):
        role = {
            "title": f"Question Role {i:04d}", "family": f"family-{i % 10}",
            "summary": f"A generated role with {per_role} interview questions.",
            "levels": [{"level": lv, "title": f"Question Role {i:04d} {lv}"} for lv in ("P1", "P3", "P4")],
            "questions": [{"text": f"Question {k} of role {i}: how would you handle {words[(i + k) % len(words)]} "
                                   f"and {words[(i * 3 + k) % len(words)]} in role {i}?",
                           "category": categories[k % len(categories)], "level": ("P1", "P3", "P4")[k % 3],
                           "difficulty": ("easy", "medium", "hard")[(i + k) % 3],
                           "guidance": f"A good answer names {words[k % len(words)]} and trade-offs ({i}/{k})."}
                          for k in range(per_role)],
        }
        (dest / "roles" / f"question-role-{i:04d}.yaml").write_text(yaml.safe_dump(role, sort_keys=False), encoding="utf-8")
    return dest


def measure_questions(n_roles: int) -> dict[str, object]:
    import gzip
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="rolebook-bench-questions-") as tmp:
        root = make_question_project(Path(tmp), n_roles)
        build_s = _build(root, charts=False)
        site = root / "site"
        raw = (site / "api" / "questions.json").read_bytes()
        bank = site / "questions" / "index.html"

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/questions/"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_function("document.querySelector('#rb-bank') && document.querySelector('#rb-bank').dataset.count")
                first = time.perf_counter() - start
                start = time.perf_counter()
                page.select_option("#rb-f-category", "behavioural")
                page.fill("#rb-f-q", "drift")
                page.wait_for_function("location.search.includes('q=drift')")
                filtered = time.perf_counter() - start
                shown = page.locator(".rb-bank__results > li").count()
                browser.close()
        finally:
            server.shutdown()
        return {
            "roles × questions": f"{n_roles} × 20", "questions": n_roles * 20, "build (s)": f"{build_s:.1f}",
            "questions.json (KB raw / gzip)": f"{len(raw) / 1024:.0f} / {len(gzip.compress(raw)) / 1024:.0f}",
            "bank page 1 HTML (KB)": f"{bank.stat().st_size / 1024:.0f}",
            "static bank pages": len(list((site / "questions").glob("*/index.html"))) + 1,
            "load → first results (s)": f"{first:.2f}", "filter + words → results (s)": f"{filtered:.2f}",
            "results rendered": shown,
        }


LAST_CPU = [0.0]  # CPU seconds of the last _run (a noisy machine stretches wall time, not CPU time)


def _run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one command, from the kernel's rusage for that child."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    LAST_CPU[:] = [usage.ru_utime + usage.ru_stime]  # the command and the children it waited for
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def _plain_mkdocs_project(root: Path, dest: Path) -> Path:
    """The same site as plain MkDocs: the same Markdown the plugin hands to MkDocs (charts stay
    placeholders: rolebook splices them into the finished HTML), the plugin's nav written out, and
    the pages it keeps out of the nav listed under not_in_nav. No plugin."""
    from rolebook.generate import content_nav, generate, nav_pages, role_nav

    generated = generate(root, fill_charts=False)
    docs = dest / "docs"
    shutil.copytree(root / "content", docs)
    for rel, text in generated.pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    marker = "<!-- rolebook:roles-by-family -->"
    from rolebook.generate import home_block
    (docs / "index.md").write_text((docs / "index.md").read_text(encoding="utf-8").replace(
        marker, home_block(generated.catalog, "index.md")), encoding="utf-8")
    from rolebook import packaged_theme

    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - rolebook", "").replace("docs_dir: content", "docs_dir: docs")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: theme\n")  # what the plugin adds
    config += "\n" + yaml.safe_dump({"extra_css": list(packaged_theme.STYLESHEETS), "extra_javascript": list(packaged_theme.SCRIPTS)})
    nav = content_nav(root / "content") + role_nav(generated.catalog, generated.pages)
    listed = nav_pages(nav)
    hidden = sorted("/" + p for p in generated.pages if p.endswith(".md") and p not in listed)
    config += "\n" + yaml.safe_dump({"nav": nav, "not_in_nav": "\n".join(hidden)}, allow_unicode=True, sort_keys=False)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(packaged_theme.THEME_DIR, dest / "theme")
    return dest


def measure_search(site: Path, queries: tuple[str, str]) -> dict[str, object]:
    """Chromium on the built site: Pagefind bytes on load, bytes and time from '/' + typing to the
    first result, bytes of a second query. Also Pagefind's indexing time, run again on its own."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    from rolebook import search_index

    with tempfile.TemporaryDirectory(prefix="rolebook-bench-pagefind-") as tmp:
        start = time.perf_counter()
        search_index.build(site, "en", Path(tmp) / "pagefind")
        index_s = time.perf_counter() - start

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[tuple[str, int]] = []

    def on_finished(request: object) -> None:
        fetched.append((request.url, request.sizes()["responseBodySize"]))  # type: ignore[attr-defined]

    def pagefind_bytes() -> int:
        return sum(size for url, size in fetched if "/pagefind/" in url)

    def all_bytes() -> int:  # after the page has loaded: Pagefind's files and a level page looked up by its code
        return sum(size for _, size in fetched)

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
            page = browser.new_page()
            page.on("requestfinished", on_finished)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/roles/", wait_until="networkidle")
            on_load = pagefind_bytes()
            loaded = all_bytes()
            first_links = ".md-search-result__list a.md-search-result__link"
            start = time.perf_counter()
            page.keyboard.press("/")
            page.keyboard.type(queries[0])
            page.wait_for_function("(q) => document.querySelector('[data-rb-search]').dataset.rbShown === q",
                                   arg=queries[0], timeout=60_000)
            first_s = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            first_bytes = all_bytes() - loaded
            shown = page.locator(first_links).count()
            before = all_bytes()
            page.locator(".md-search__input").fill(queries[1])
            page.wait_for_function("(q) => document.querySelector('[data-rb-search]').dataset.rbShown === q", arg=queries[1])
            page.wait_for_load_state("networkidle")
            second_bytes = all_bytes() - before
            browser.close()
    finally:
        server.shutdown()
    bundle = site / "pagefind"
    return {
        "search index (s)": f"{index_s:.1f}",
        "index on disk (MB)": f"{sum(p.stat().st_size for p in bundle.rglob('*') if p.is_file()) / 1e6:.1f}",
        "search bytes on load": on_load,
        "search bytes to first result (KB)": f"{first_bytes / 1024:.0f}",
        "time to first result (s)": f"{first_s:.2f}",
        "next query (KB)": f"{second_bytes / 1024:.0f}",
        "results shown": shown,
    }


EDIT_MARK = re.compile(r"^(?:Preview edit \d+\.|Edited for the incremental build\.) ")


def _edit_summary(role: Path, words: str) -> None:
    """Put `words` before the role's summary, in place of an earlier edit's words: repeated edits must
    not grow the summary past its length limit (the preview would then show the problem page)."""
    data = yaml.safe_load(role.read_text(encoding="utf-8"))
    data["summary"] = f"{words} {EDIT_MARK.sub('', data['summary'])}"
    role.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def measure_preview(root: Path, role: Path, env: dict[str, str], edits: int = 5) -> float:
    """`rolebook serve` on the project with the role's career guide open in Chromium: seconds from
    saving an edit of the role's summary to the edit showing in the open tab (no manual reload),
    median of `edits` edits."""
    import socket

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(root / ".serve.log", "w", encoding="utf-8")  # noqa: SIM115
    proc = subprocess.Popen([str(ROLEBOOK), "serve", str(root), "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/roles/{role.stem}/"
    times = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
            page = browser.new_page()
            deadline = time.monotonic() + 1800
            while True:
                try:
                    page.goto(url, timeout=600_000)
                    break
                except Exception:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise
                    time.sleep(1)
            for k in range(edits):
                words = f"Preview edit {k}."
                start = time.perf_counter()
                _edit_summary(role, words)
                page.wait_for_function("(w) => document.body.innerText.includes(w)", arg=words, timeout=900_000)
                times.append(time.perf_counter() - start)
                time.sleep(1)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
    return statistics.median(times)


FULL_UPTO = "ROLEBOOK_BENCH_FULL_UPTO"


def full_columns_upto() -> int:
    """The largest catalog whose scale row also measures the live preview and a plain `mkdocs build`
    (ROLEBOOK_BENCH_FULL_UPTO, default 1,000). At 10,000 roles (96,000 pages) plain MkDocs would keep
    every page's Markdown and HTML in one process, on one core, and the preview's first build is
    another whole build: those columns say "not run" instead."""
    return int(os.environ.get(FULL_UPTO, "1000"))


def measure_scale(n_roles: int, catalog: str = "clone") -> dict[str, object]:
    """One size of the scale table. `catalog`: "clone" (issue 14's shape: N roles cloned from the
    sample roles, see make_project) or "charts" (make_chart_project: five levels and pay in five regions
    for every role)."""
    import gzip

    with tempfile.TemporaryDirectory(prefix="rolebook-bench-scale-") as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        if catalog == "charts":
            root = make_chart_project(project, n_roles)
            edited = root / "roles" / f"synthetic-role-{n_roles // 2:04d}.yaml"
        else:
            root = make_project(project, n_roles)
            edited = sorted((root / "roles").glob(f"*-{n_roles // 2:04d}.yaml"))[0]
        title = str(yaml.safe_load(edited.read_text(encoding="utf-8"))["title"])
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(Path(tmp) / "xdg")}
        validate_s, _ = _run([str(ROLEBOOK), "validate", str(root), "--no-warnings"], env)
        build_s, peak = _run([str(ROLEBOOK), "build", str(root)], env)  # cold: no chart, render or page cache yet
        build_cpu = LAST_CPU[0]
        warm_s, warm_peak = _run([str(ROLEBOOK), "build", str(root)], env)  # nothing changed
        _edit_summary(edited, "Edited for the incremental build.")
        incr_s, incr_peak = _run([str(ROLEBOOK), "build", str(root)], env)  # one role's summary changed
        full = n_roles <= full_columns_upto()
        preview = measure_preview(root, edited, env) if full else None
        site = root / "site"
        sizes = sorted((p.stat().st_size, p) for p in site.rglob("*.html"))
        bank = (site / "api" / "questions.json").read_bytes()
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        plain_s = plain_peak = None
        if full:
            plain = _plain_mkdocs_project(root, Path(tmp) / "plain")
            mkdocs = Path(sys.executable).with_name("mkdocs")
            plain_s, plain_peak = _run([str(mkdocs), "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d", str(plain / "site")], env)
        skipped = f"not run (> {full_columns_upto():,} roles; set {FULL_UPTO}={n_roles} to run it)"
        return {
            "catalog": catalog, "roles": n_roles, "html pages": len(sizes), "validate (s)": f"{validate_s:.1f}",
            "build, cold (s)": f"{build_s:.1f}", "cold CPU (user+sys, s)": f"{build_cpu:.0f}",
            "rebuild, nothing changed (s)": f"{warm_s:.1f}",
            "rebuild, one role edited (s)": f"{incr_s:.1f} ({incr_s / build_s:.0%} of cold; ≤ 10 %: "
                                            f"{'ok' if incr_s <= 0.1 * build_s else 'OVER'})",
            "preview edit → refresh, median of 5 (s)": skipped if preview is None else
                f"{preview:.1f} ({preview / build_s:.0%} of cold; ≤ 2 s and ≤ 5 %: "
                f"{'ok' if preview <= 2 and preview <= 0.05 * build_s else 'OVER'})",
            "peak memory (MB)": f"{max(peak, warm_peak, incr_peak):.0f}",
            "plain mkdocs build (s)": skipped if plain_s is None else f"{plain_s:.1f} (peak {plain_peak:.0f} MB)",
            "warm ÷ plain": skipped if plain_s is None else f"{warm_s / plain_s:.2f}×", "site (MB)": f"{total / 1e6:.0f}",
            "largest page (KB)": f"{sizes[-1][0] / 1024:.0f} ({sizes[-1][1].relative_to(site)})",
            "questions.json (KB raw / gzip)": f"{len(bank) / 1024:.0f} / {len(gzip.compress(bank)) / 1024:.0f}",
            **measure_search(site, (title, "question responsibility")),
        }


def measure_wages(n_roles: int) -> list[dict[str, object]]:
    """The real-wage-data shape (benchmarks/wages.py), against its targets, and the same catalog
    with national pay only (the baseline of the cold-build target)."""
    import gzip

    from wages import make_wage_project

    rows = []
    with tempfile.TemporaryDirectory(prefix="rolebook-bench-wages-") as tmp:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        base = make_wage_project(Path(tmp) / "national", n_roles, national_only=True)
        base_s, base_peak = _run([str(ROLEBOOK), "build", str(base)], env)
        shutil.rmtree(base)
        root = make_wage_project(Path(tmp) / "wages", n_roles)
        csv_rows = sum(1 for _ in (root / "roles" / "compensation" / "oews-areas.csv").open(encoding="utf-8")) - 1
        validate_s, validate_peak = _run([str(ROLEBOOK), "validate", str(root), "--no-warnings"], env)
        cold_s, cold_peak = _run([str(ROLEBOOK), "build", str(root)], env)
        warm_s, warm_peak = _run([str(ROLEBOOK), "build", str(root)], env)
        site = root / "site"
        sizes = sorted((p.stat().st_size, p) for p in site.rglob("*.html"))
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        search = [p for p in (site / "pagefind").rglob("*") if p.is_file()] if (site / "pagefind").is_dir() else []
        raw = sum(p.stat().st_size for p in search)
        packed = sum(len(gzip.compress(p.read_bytes())) for p in search)
        peak = max(validate_peak, cold_peak, warm_peak)
        largest, median = sizes[-1][0] / 1024, statistics.median(s for s, _ in sizes) / 1024
        ok = lambda good: "ok" if good else "OVER"  # noqa: E731
        rows.append({
            "roles": n_roles, "regions": len(yaml.safe_load((root / "site_config" / "regions.yaml").read_text())["regions"]),
            "CSV rows": f"{csv_rows:,}", "validate (s)": f"{validate_s:.1f}",
            "build cold (s)": f"{cold_s:.1f} ({cold_s / base_s:.2f}× national-only {base_s:.1f} s; "
                              f"≤ 2×: {ok(cold_s <= 2 * base_s)})",
            "build warm (s)": f"{warm_s:.1f}",
            "peak memory (MB)": f"{peak:.0f} (≤ 1,536: {ok(peak <= 1536)}; national-only {base_peak:.0f})",
            "html pages": len(sizes),
            "largest page (KB)": f"{largest:.0f} ({sizes[-1][1].relative_to(site)}; ≤ 250: {ok(largest <= 250)})",
            "median page (KB)": f"{median:.0f} (≤ 120: {ok(median <= 120)})",
            "site (MB)": f"{total / 1e6:.0f} (≤ 250: {ok(total / 1e6 <= 250)})",
            "search payload (MB raw / gzip)": f"{raw / 1e6:.2f} / {packed / 1e6:.2f}",
        })
    return rows


def table(rows: list[dict[str, object]]) -> None:
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    print()


def measure_lighthouse(n_roles: int) -> None:
    """Lighthouse scores per page type and a career guide's transfer at N roles: see lighthouse.py."""
    sys.path.insert(0, str(Path(__file__).parent))
    import lighthouse

    lighthouse.measure(n_roles=n_roles)


SECTIONS = ("pages", "charts", "questions", "wages", "scale", "lighthouse")


def main(argv: list[str]) -> None:
    """benchmarks/scale.py [N] [section ...]: sections pages, charts, questions, wages (N roles) and
    scale (100, 1,000 and 10,000 roles, with search in Chromium; set ROLEBOOK_BENCH_SIZES="100,1000"
    to choose, ROLEBOOK_BENCH_CATALOG=charts for make_chart_project's roles; the preview and plain
    MkDocs columns run up to ROLEBOOK_BENCH_FULL_UPTO roles, default 1,000)."""
    n = int(argv[0]) if argv and argv[0].isdigit() else 1000
    chosen = [a for a in argv if a in SECTIONS] or list(SECTIONS)
    if "pages" in chosen:
        table([measure("sample", None), measure(f"synthetic {n}", n)])
    if "charts" in chosen:
        table([measure_charts(n)])
    if "questions" in chosen:
        table([measure_questions(n)])
    if "wages" in chosen:
        table(measure_wages(n))
    if "scale" in chosen:
        sizes = [int(x) for x in os.environ.get("ROLEBOOK_BENCH_SIZES", "100,1000,10000").split(",")]
        rows = [measure_scale(k, os.environ.get("ROLEBOOK_BENCH_CATALOG", "clone")) for k in sizes]
        cold = {row["roles"]: float(str(row["build, cold (s)"])) for row in rows}
        for row in rows:  # the 10,000-role targets: peak memory <= 4 GB, cold build <= 11x the 1,000-role one
            peak = float(str(row["peak memory (MB)"]))
            ratio = f"{cold[row['roles']] / cold[1000]:.1f}x the 1,000-role build" if 1000 in cold else "no 1,000-role row"
            row["scale targets"] = (f"peak {'ok' if peak <= 4096 else 'OVER'} (<= 4 GB); {ratio}"
                                    + (f" ({'ok' if cold[row['roles']] <= 11 * cold[1000] else 'OVER'}: <= 11x)"
                                       if row["roles"] == 10000 and 1000 in cold else ""))
        table(rows)
    if "lighthouse" in chosen:
        measure_lighthouse(n)


if __name__ == "__main__":
    main(sys.argv[1:])
