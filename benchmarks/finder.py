"""How fast the skills finder ranks at 1,000 roles, in Debian Chromium (target: within 200 ms).

Not a test: `make bench` runs it (or `.venv/bin/python benchmarks/finder.py [N]`). It builds the sample
site, replaces its finder data (api/paths/index.json) with that of N roles cloned from the sample roles
(benchmarks/scale.py's generator), opens finder/ in Chromium and times:

* rank: the finder's ranking alone (the page's own function, over every role-level), 25 runs;
* update: a rating changed → ranked and the first 20 results drawn (timed by the page), 15 runs.

Figures are medians and maxima, in milliseconds, on this machine.
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
from rolebook.render.api import safe_json  # noqa: E402
from rolebook.render.tool_pages import paths_index, regions  # noqa: E402

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
        data = safe_json({**paths_index(catalog), "regions": regions(catalog)}) + "\n"
        (site / "api" / "paths" / "index.json").write_text(data, encoding="utf-8")
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
                  const data = await (await fetch(document.getElementById('rb-finder').dataset.api)).json();
                  const mine = Object.fromEntries(new URLSearchParams(location.search).get('s').split(',').map(p => {
                    const [k, v] = p.split(':'); return [k, Number(v)]; }));
                  const out = [];
                  for (let i = 0; i < 25; i++) {
                    const t = performance.now(); window.rolebookFinderRank(data.points, mine); out.push(performance.now() - t);
                  }
                  return out;
                }""")
                update = []
                skill = next(iter(mine))
                for i in range(15):
                    page.locator(f"#rb-finder select[name={skill}]").select_option(str(1 + i % 5))
                    update.append(float(page.locator("#rb-finder").get_attribute("data-update-ms") or "nan"))
                shown = page.locator(".rb-finder__results > li").count()
                browser.close()
        finally:
            server.shutdown()
    print(f"Skills finder, {n_roles:,} roles ({points:,} role levels, {len(catalog.skills)} skills; "
          f"api/paths/index.json {len(data.encode()):,} bytes), Chromium, {len(mine)} rated skills:")
    print(f"  rank   median {statistics.median(rank):7.1f} ms  max {max(rank):7.1f} ms  (25 runs)")
    print(f"  update median {statistics.median(update):7.1f} ms  max {max(update):7.1f} ms  (15 runs, first {shown} drawn)")
    verdict = "within" if max(statistics.median(rank), statistics.median(update)) <= TARGET_MS else "OVER"
    print(f"  target: rank within {TARGET_MS} ms at 1,000 roles: {verdict}")
    print(json.dumps({"roles": n_roles, "points": points, "rank_median_ms": round(statistics.median(rank), 2),
                      "update_median_ms": round(statistics.median(update), 2)}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
