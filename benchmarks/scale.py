"""Build time and page size for the sample catalog and for a generated catalog of 1,000 roles.

Not a test: run `make bench` (or `.venv/bin/python benchmarks/scale.py [N ...]`) and read the table.
The synthetic catalog clones the sample roles under new ids and titles, spread over ten families;
it carries no compensation CSV rows. Figures are wall-clock on this machine, one run each.
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
    for folder in ("content", "theme", "site_config"):
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
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1).strip(chr(34))} {i:04d}", source, count=1, flags=re.M)
        text = re.sub(r"^family: .*$", f"family: family-{i % 10}", text, count=1, flags=re.M)
        text = re.sub(r"^code: .*\n", "", text, count=1, flags=re.M)
        (dest / "roles" / f"{templates[i % len(templates)].stem}-{i:04d}.yaml").write_text(text, encoding="utf-8")
    return dest


def measure(label: str, n_roles: int | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="rolebook-bench-") as tmp:
        root = make_project(Path(tmp), n_roles)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        start = time.perf_counter()
        gen = subprocess.run([sys.executable, "-c", "from pathlib import Path; from generator.generate import generate;"
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


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [1000]
    rows = [measure("sample", None)] + [measure(f"synthetic {n}", n) for n in counts]
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
