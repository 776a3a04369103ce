"""How fast the skills finder ranks at 1,000 roles, in Debian Chromium (target: within 200 ms), and how
many bytes the finder and the career-move planner fetch.

Not a test: `make bench` runs it (or `.venv/bin/python benchmarks/finder.py [N]`). It builds the sample
site, replaces its finder and planner data (api/finder/, api/paths/) with that of N roles cloned from the
sample roles (benchmarks/scale.py's generator), opens finder/ in Chromium and times:

* rank: the finder's ranking alone (the page's own function, over every role-level), 25 runs;
* update: a rating changed → ranked and the first 20 results drawn (timed by the page), 15 runs;

then opens a shared plan (paths/?from=A&to=B) and counts the bytes it fetched from api/, and the bytes of
the suggestions list fetched when a reader focuses a picker. Figures are medians and maxima, in
milliseconds, on this machine; bytes are uncompressed.
"""

from __future__ import annotations

import functools
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import REPO, ROLEBOOK, make_project  # noqa: E402

from rolebook.index import build_catalog  # noqa: E402
from rolebook.pipeline import check  # noqa: E402
from rolebook.render.tool_pages import tool_files  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TARGET_MS = 200


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(n_roles: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        done = subprocess.run([str(ROLEBOOK), "build", str(REPO), "--site-dir", str(site)], capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr or done.stdout)
        (Path(tmp) / "big").mkdir()
        project = make_project(Path(tmp) / "big", n_roles)
        loaded, _ = check(project)
        catalog = build_catalog(loaded)
        for folder in ("paths", "finder"):
            for old in (site / "api" / folder).glob("*.json"):
                old.unlink()
        data = {name: text for name, text in tool_files(catalog).items() if name.startswith(("api/paths/", "api/finder/"))}
        for name, text in data.items():
            (site / name).write_text(text, encoding="utf-8")
        size = {name: len(text.encode()) for name, text in data.items()}
        role_files = sorted(v for k, v in size.items() if k.startswith("api/paths/") and k != "api/paths/codes.json")
        frm, to = catalog.role_levels[0], catalog.role_levels[-1]
        plan_query = f"from={catalog.level_code(frm[0], frm[1].level)}&to={catalog.level_code(to[0], to[1].level)}"
        points = len(catalog.role_levels)
        mine = {s: 1 + i % 5 for i, s in enumerate(list(catalog.skills)[:6])}

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/finder/?s=" + ",".join(f"{k}:{v}" for k, v in mine.items())
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page()
                page.goto(url)
                page.wait_for_selector(".rb-finder__results > li")
                rank = page.evaluate("""async () => {
                  const points = window.rolebookFinderPoints;
                  const mine = Object.fromEntries(new URLSearchParams(location.search).get('s').split(',').map(p => {
                    const [k, v] = p.split(':'); return [k, Number(v)]; }));
                  const out = [];
                  for (let i = 0; i < 25; i++) {
                    const t = performance.now(); window.rolebookFinderRank(points, mine); out.push(performance.now() - t);
                  }
                  return out;
                }""")
                update = []
                skill = next(iter(mine))
                for i in range(15):
                    page.locator(f"#rb-finder select[name={skill}]").select_option(str(1 + i % 5))
                    update.append(float(page.locator("#rb-finder").get_attribute("data-update-ms") or "nan"))
                shown = page.locator(".rb-finder__results > li").count()
                plan_page = browser.new_page()
                fetched: dict[str, int] = {}
                plan_page.on("requestfinished", lambda r: fetched.__setitem__(r.url, r.sizes()["responseBodySize"])
                             if "/api/" in r.url else None)
                plan_page.goto(url.split("/finder/")[0] + "/paths/?" + plan_query)
                plan_page.wait_for_selector(".rb-paths__summary")
                plan_bytes = dict(fetched)
                plan_page.locator("input[name=from]").focus()
                plan_page.wait_for_function("document.querySelectorAll('#rb-paths-codes option').length > 0")
                codes_bytes = sum(v for k, v in fetched.items() if k not in plan_bytes)
                browser.close()
        finally:
            server.shutdown()
    print(f"Skills finder, {n_roles:,} roles ({points:,} role levels, {len(catalog.skills)} skills; "
          f"api/finder/profiles.json {size['api/finder/profiles.json']:,} bytes), Chromium, {len(mine)} rated skills:")
    print(f"  rank   median {statistics.median(rank):7.1f} ms  max {max(rank):7.1f} ms  (25 runs)")
    print(f"  update median {statistics.median(update):7.1f} ms  max {max(update):7.1f} ms  (15 runs, first {shown} drawn)")
    verdict = "within" if max(statistics.median(rank), statistics.median(update)) <= TARGET_MS else "OVER"
    print(f"  target: rank within {TARGET_MS} ms at 1,000 roles: {verdict}")
    print(f"Career-move planner: a shared plan ({plan_query}) fetched {sum(plan_bytes.values()):,} bytes from api/ "
          f"({len(plan_bytes)} files); the suggestions fetched on focus {codes_bytes:,} bytes; role files median "
          f"{statistics.median(role_files):,.0f}, max {max(role_files):,} bytes")
    print(json.dumps({"roles": n_roles, "points": points, "rank_median_ms": round(statistics.median(rank), 2),
                      "update_median_ms": round(statistics.median(update), 2),
                      "profiles_bytes": size["api/finder/profiles.json"], "plan_bytes": sum(plan_bytes.values()),
                      "codes_bytes": codes_bytes}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
