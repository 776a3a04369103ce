"""Lighthouse (mobile) on the built sample site, served gzip-compressed as a real static host serves it.

Not a test: run `make bench` (or `.venv/bin/python benchmarks/lighthouse.py [--site DIR] [--roles N]`).

* Lighthouse 12.2.3 comes from npm into `.cache/lighthouse-12.2.3/` (a folder this script makes and
  marks as its own) the first time; Chromium is Debian's (`CHROME_PATH=/usr/bin/chromium`).
* Pages: a career guide, a JD page, the question bank, a level page and the compensation page, with
  Lighthouse's default mobile emulation and throttling. Targets: performance >= 90, accessibility,
  best practices and SEO 100; a career guide's first load <= 400 KB transferred (compressed).
* `--roles N` also builds N roles cloned from the sample roles and measures a career guide's
  transfer there (the page weight must not grow with the catalog).

Prints one table (scores, LCP, TBT, transferred KB) and, under it, every audit that did not pass in
accessibility, best practices and SEO, so there is something to fix.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROLEBOOK = Path(sys.executable).with_name("rolebook")
VERSION = "12.2.3"
PREFIX = REPO / ".cache" / f"lighthouse-{VERSION}"
MARK = ".rolebook-output"
CHROME = "/usr/bin/chromium"
PAGES = {
    "career guide": "roles/ai-engineer/",
    "JD page": "roles/ai-engineer/job-description/",
    "question bank": "questions/",
    "level page": "catalog/aimlam.gen.p3/",
    "compensation": "compensation/",
}
TARGET_PERFORMANCE, TARGET_KB = 90, 400
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".csv")


def lighthouse() -> Path:
    """The Lighthouse CLI, installed with npm into a folder of our own when missing."""
    exe = PREFIX / "node_modules" / ".bin" / "lighthouse"
    if exe.exists():
        return exe
    if shutil.which("npm") is None:
        raise SystemExit("lighthouse: npm is needed to install Lighthouse (apt-get install npm)")
    if PREFIX.exists() and not (PREFIX / MARK).exists():
        raise SystemExit(f"lighthouse: {PREFIX} exists and was not made by this script; move it away and run again")
    PREFIX.mkdir(parents=True, exist_ok=True)
    (PREFIX / MARK).write_text("made by benchmarks/lighthouse.py\n", encoding="utf-8")
    print(f"Installing lighthouse@{VERSION} into {PREFIX} ...", file=sys.stderr)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(PREFIX), "--",
                    f"lighthouse@{VERSION}"], check=True)
    return exe


class Gzipped(SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the browser accepts it (as GitHub Pages, Netlify or
    nginx with gzip on serve them), with a long cache lifetime for the fingerprinted assets."""

    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's slash
            path = path / "index.html"
        if not (path.suffix in COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> tuple[str, ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Gzipped, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def audit(exe: Path, url: str, out: Path) -> dict[str, object]:
    subprocess.run([str(exe), "--quiet", "--chrome-flags=--headless --no-sandbox --disable-gpu --no-first-run "
                    "--disable-background-networking --disable-component-update --disable-sync",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    "--output=json", f"--output-path={out}", "--", url],
                   check=True, env={**os.environ, "CHROME_PATH": CHROME})
    return json.loads(out.read_text(encoding="utf-8"))


def failures(report: dict[str, object]) -> list[str]:
    """Audits below a full score in the categories that must reach 100."""
    audits = report["audits"]  # type: ignore[index]
    found = []
    for cat in ("accessibility", "best-practices", "seo"):
        for ref in report["categories"][cat]["auditRefs"]:  # type: ignore[index]
            a = audits[ref["id"]]
            if ref["weight"] and a["score"] is not None and a["score"] < 1:
                items = [i.get("node", {}).get("snippet") or i.get("url") or ""
                         for i in (a.get("details") or {}).get("items", [])[:3]]
                found.append(f"{cat}/{ref['id']}: {a['title']} {items}")
    return found


def row(label: str, path: str, report: dict[str, object]) -> dict[str, object]:
    cats, audits = report["categories"], report["audits"]  # type: ignore[index]
    kb = audits["total-byte-weight"]["numericValue"] / 1024
    return {"page": f"{label} ({path})", **{k: f"{v['score'] * 100:.0f}" for k, v in cats.items()},
            "LCP (s)": f"{audits['largest-contentful-paint']['numericValue'] / 1000:.1f}",
            "TBT (ms)": f"{audits['total-blocking-time']['numericValue']:.0f}",
            "transfer (KB)": f"{kb:.0f}"}


def build(root: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(ROLEBOOK), "build", "--", str(root)], capture_output=True, text=True, env=env)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return root / "site"


def measure(site: Path | None = None, n_roles: int | None = None) -> list[dict[str, object]]:
    exe = lighthouse()
    sys.path.insert(0, str(Path(__file__).parent))
    from scale import make_project, table

    rows: list[dict[str, object]] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="rolebook-bench-lh-") as tmp:
        if site is None:
            (Path(tmp) / "sample").mkdir()
            site = build(make_project(Path(tmp) / "sample", None))
        base, server = serve(site)
        try:
            for label, path in PAGES.items():
                report = audit(exe, base + path, Path(tmp) / "report.json")
                rows.append(row(label, path, report))
                problems += [f"{label}: {p}" for p in failures(report)]
        finally:
            server.shutdown()
        if n_roles:
            (Path(tmp) / "big").mkdir()
            big = build(make_project(Path(tmp) / "big", n_roles))
            guide = sorted(p.parent.name for p in (big / "roles").glob("*/index.html"))[0]
            base, server = serve(big)
            try:
                report = audit(exe, f"{base}roles/{guide}/", Path(tmp) / "report.json")
                rows.append(row(f"career guide, {n_roles} roles", f"roles/{guide}/", report))
            finally:
                server.shutdown()
    table(rows)
    for p in problems:
        print("  not passing:", p)
    bad = [r["page"] for r in rows if int(r["performance"]) < TARGET_PERFORMANCE
           or any(int(r[k]) < 100 for k in ("accessibility", "best-practices", "seo"))
           or ("career guide" in str(r["page"]) and float(str(r["transfer (KB)"])) > TARGET_KB)]
    print(f"Targets (performance >= {TARGET_PERFORMANCE}, others 100, career guide <= {TARGET_KB} KB): "
          + ("all met" if not bad else "missed on " + ", ".join(map(str, bad))))
    return rows


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build the sample)")
    parser.add_argument("--roles", type=int, help="also measure a career guide in a catalog of N cloned roles")
    args = parser.parse_args(argv)
    measure(args.site.resolve() if args.site else None, args.roles)


if __name__ == "__main__":
    main(sys.argv[1:])
