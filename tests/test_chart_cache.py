"""Chart cache entries are checked before they are published: a poisoned cache never reaches a page."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_small_project

from rolebook.charts.cache import VERSION, is_chart_svg, read_entry, write_entry
from rolebook.cli import main

SVG = re.compile(r"<svg focusable.*?</svg>", re.S)




def _charts_by_page(site: Path) -> dict[str, list[str]]:
    return {str(p.relative_to(site)): SVG.findall(p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html")) if "<svg focusable" in p.read_text(encoding="utf-8")}


def test_poisoned_cache_entries_are_rendered_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_small_project(tmp_path / "project")
    assert main(["build", str(root)]) == 0
    real = _charts_by_page(root / "site")
    assert real, "the tiny site draws charts"
    entries = sorted((root / ".cache" / "charts").glob(f"{VERSION}-*.svg"))
    assert len(entries) >= 5
    script, truncated, empty, not_utf8, folder, *rest = entries
    text = script.read_text(encoding="utf-8")
    script.write_text(text.replace("</svg>", "<script>window.poisoned = 1</script></svg>"), encoding="utf-8")
    truncated.write_bytes(truncated.read_bytes()[: len(truncated.read_bytes()) // 2])
    empty.write_bytes(b"")
    not_utf8.write_bytes(not_utf8.read_bytes().replace(b"<g", b"<g\xff\xfe", 1))
    folder.unlink()
    folder.mkdir()
    (folder / "keep.txt").write_text("not Rolebook's", encoding="utf-8")

    assert main(["build", str(root)]) == 0, "".join(capsys.readouterr())
    site = root / "site"
    assert _charts_by_page(site) == real  # the real charts, not what the cache held
    assert not [p for p in site.rglob("*.html") if "poisoned" in p.read_text(encoding="utf-8")]
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "not Rolebook's"  # left as it was
    for entry in (script, truncated, empty, not_utf8):  # rewritten: they verify again
        assert read_entry(entry.parent, entry.name[len(VERSION) + 1:-4]) is not None


def test_an_entry_forged_with_a_fresh_digest_is_still_refused(tmp_path: Path) -> None:
    """The digest catches damage; the structural check catches code even in a re-signed entry."""
    good = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g><path d="M0,0h1"/></g></svg>'
    assert is_chart_svg(good)
    for bad in (
        good.replace("<g>", "<g><script>alert(1)</script>"),
        good.replace("<g>", '<g onload="alert(1)">'),
        good.replace("<g>", "<g><foreignObject><div/></foreignObject>"),
        good.replace("<g>", '<g><a href="javascript:alert(1)"/>'),
        good.replace('d="M0,0h1"', 'd="M0,0h1" fill="url(https://example.org/x)"'),
        good.replace("<g>", "<g><![CDATA[<img src=x onerror=alert(1)>]]>"),
        good.replace("<g>", "<g><title><img src=x></title>"),
        good[:-6],
        "",
    ):
        write_entry(tmp_path, "0123456789abcdef", bad)
        assert read_entry(tmp_path, "0123456789abcdef") is None, bad
    write_entry(tmp_path, "0123456789abcdef", good)
    assert read_entry(tmp_path, "0123456789abcdef") == good
    assert read_entry(tmp_path, "fedcba9876543210") is None  # an entry copied under another chart's name
    (tmp_path / f"{VERSION}-fedcba9876543210.svg").write_bytes((tmp_path / f"{VERSION}-0123456789abcdef.svg").read_bytes())
    assert read_entry(tmp_path, "fedcba9876543210") is None


def test_an_unwritable_cache_does_not_stop_the_build(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    write_entry(blocked, "0123456789abcdef", '<svg xmlns="http://www.w3.org/2000/svg"/>')  # no exception
    assert blocked.read_text(encoding="utf-8") == "a file where the cache folder should be"


def test_the_cache_never_writes_through_a_link(tmp_path: Path) -> None:
    """Links planted where the cache writes (temporary names, entries, `.cache` itself) are never
    followed: the files they point at keep their contents and the build still draws its charts."""
    from rolebook.charts import cache

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    cache_dir = tmp_path / "project" / ".cache" / "charts"
    cache_dir.mkdir(parents=True)
    for pid in range(os.getpid() - 50, os.getpid() + 50):  # every name the old writer could pick
        (cache_dir / f".abc.{pid}.tmp").symlink_to(victim)
    write_entry(cache_dir, "abc", "<svg></svg>")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    outside = tmp_path / "outside"
    outside.mkdir()
    linked = tmp_path / "project2" / ".cache"
    linked.parent.mkdir()
    linked.symlink_to(outside)
    assert not cache.usable(linked / "charts")
    write_entry(linked / "charts", "abc", "<svg></svg>")
    assert list(outside.iterdir()) == []
    root = copy_small_project(tmp_path / "site-src")
    shutil.rmtree(root / ".cache", ignore_errors=True)
    (root / ".cache").symlink_to(outside)
    assert main(["build", str(root), "--jobs", "1"]) == 0
    assert list(outside.iterdir()) == [] and _charts_by_page(root / "site")


def test_a_chart_placeholder_typed_into_a_hand_written_page_is_left_as_a_comment(tmp_path: Path) -> None:
    root = copy_small_project(tmp_path / "site-src")
    (root / "content" / "about" / "typed.md").write_text("# Typed\n\n<!--rolebook-chart:0123456789abcdef-->\n", encoding="utf-8")
    assert main(["build", str(root), "--jobs", "1", "--no-strict"]) == 0
    assert "<!--rolebook-chart:0123456789abcdef-->" in (root / "site" / "about" / "typed" / "index.html").read_text(encoding="utf-8")
