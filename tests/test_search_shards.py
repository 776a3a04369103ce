"""The search index built in shards and merged equals one Pagefind run; shards are reused from the cache."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import cbor2
import pytest
from conftest import copy_small_project, run_cli

from rolebook import pagefind_bundle, search_index


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project built once (its site is only read by these tests)."""
    project = copy_small_project(tmp_path_factory.mktemp("shards") / "project")
    result = run_cli("build", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _ranges(folder: Path) -> list[tuple[str, str]]:
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = pagefind_bundle._cbor(folder / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    return [(start, end) for start, end, _ in meta[2]]


def test_shards_merged_equal_one_pagefind_run(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = built / "site"
    # Small chunks, so that cutting the merged words into chunks (and naming their ranges) is compared too.
    monkeypatch.setenv("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", "300")
    monkeypatch.setattr(pagefind_bundle, "INDEX_CHUNK_SIZE", 300)
    wrote, body, _ = search_index._run(site, tmp_path / "one", "en")
    assert wrote and body
    monkeypatch.setattr(search_index, "SHARD_TARGET", 4)
    summary = search_index.build(site, "en", tmp_path / "merged")
    shards = int(summary.split("; ")[1].split()[0])
    assert shards >= 3, summary

    one, merged = pagefind_bundle.decode(tmp_path / "one"), pagefind_bundle.decode(tmp_path / "merged")
    assert len(one["pages"]) > 10 and len(one["words"]) > 500
    assert merged["pages"] == one["pages"]  # the same pages, fragments and word counts, by URL
    assert merged["words"] == one["words"]  # word -> {url: (locs, meta_locs)}
    assert merged["variants"] == one["variants"]
    assert len(_ranges(tmp_path / "one")) > 3
    assert _ranges(tmp_path / "merged") == _ranges(tmp_path / "one")
    for chunk in (tmp_path / "merged" / "index").iterdir():  # spliced CBOR is CBOR as Pagefind writes it
        payload = pagefind_bundle.read_payload(chunk)
        assert cbor2.dumps(cbor2.loads(payload)) == payload
    entry = json.loads((tmp_path / "merged" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(one["pages"])
    # Everything but the index itself is Pagefind's own.
    common = {name: data for name, data in _files(tmp_path / "one").items()
              if "/" not in name and not name.endswith((".pf_meta", ".json"))}
    assert common and all(_files(tmp_path / "merged")[name] == data for name, data in common.items())


def test_a_shard_of_pages_without_a_search_body_adds_nothing(built: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind indexes every page's <body> when none of its pages marks one: a shard holding only
    such pages (404, pay pages, a page that merely names the attribute) must not bring them in."""
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    unmarked = [p for p in site.rglob("*.html") if b"data-pagefind-body" not in p.read_bytes()]
    assert len(unmarked) >= 3
    (site / "notes").mkdir()
    (site / "notes" / "index.html").write_text("<html><body><p>Mark the article with data-pagefind-body.</p>"
                                               "</body></html>", encoding="utf-8")
    search_index._run(site, tmp_path / "one", "en")
    monkeypatch.setattr(search_index, "SHARD_BYTES", 1)  # a shard per page
    search_index.build(site, "en", tmp_path / "merged")
    assert pagefind_bundle.decode(tmp_path / "merged")["pages"] == pagefind_bundle.decode(tmp_path / "one")["pages"]


def _edit_role(project: Path) -> None:
    role = next(iter(sorted((project / "roles").glob("*.yaml"))))
    text = role.read_text(encoding="utf-8")
    role.write_text(text.replace("summary: ", "summary: Edited quokka wording. ", 1), encoding="utf-8")


def test_rebuild_reindexes_only_changed_shards_and_equals_a_cold_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_small_project(tmp_path / "project")
    assert run_cli("build", str(project)).returncode == 0
    monkeypatch.setattr(search_index, "SHARD_TARGET", 4)
    cache = tmp_path / "cache" / "search"  # the in-process builds' own (the command's shards are larger)
    first = search_index.build(project / "site", "en", tmp_path / "first", cache)
    assert first.endswith(", 0 unchanged"), first
    _edit_role(project)
    result = run_cli("build", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    calls: list[Path] = []
    real = search_index._run
    monkeypatch.setattr(search_index, "_run", lambda site, out, language: calls.append(site) or real(site, out, language))
    again = search_index.build(project / "site", "en", tmp_path / "again", cache)
    shards = int(again.split("; ")[1].split()[0])
    assert 0 < len(calls) < shards, again  # only the shards whose pages changed ran Pagefind
    assert "quokka" in pagefind_bundle.decode(tmp_path / "again")["words"]
    cold = search_index.build(project / "site", "en", tmp_path / "cold", tmp_path / "empty-cache")
    assert cold.endswith(", 0 unchanged"), cold
    assert _files(tmp_path / "again") == _files(tmp_path / "cold")  # byte for byte
    # Entries of shards no longer used are gone; nothing else in the folder is touched.
    assert len(list(cache.glob("*.bundle"))) == shards


def test_corrupt_or_forged_cache_entries_are_indexed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_small_project(tmp_path / "project")
    assert run_cli("build", str(project)).returncode == 0
    monkeypatch.setattr(search_index, "SHARD_TARGET", 4)
    cache = project / ".cache" / "search"
    site = project / "site"
    first = search_index.build(site, "en", tmp_path / "first", cache)
    shards = int(first.split("; ")[1].split()[0])
    bundles = sorted(cache.glob("*.bundle"))
    mine = cache / "notes.txt"
    mine.write_text("the user's own file", encoding="utf-8")
    # A fragment of one shard swapped for another page's, a manifest edited to match another file.
    fragments = sorted((bundles[0] / "fragment").iterdir())
    other = next(iter(sorted((bundles[1] / "fragment").iterdir())))
    fragments[0].write_bytes(other.read_bytes())
    manifest = bundles[1].with_suffix(".shard")
    header, _, body = manifest.read_bytes().partition(b"\n")
    value = json.loads(body)
    chunk = "words.cbor"  # the shard's words, as merge() reads them
    (bundles[1] / chunk).write_bytes(gzip.compress(b"pagefind_dcd" + b"\x81\x80"))
    value["files"][chunk] = "0" * 64
    manifest.write_bytes(header + b"\n" + json.dumps(value).encode())
    again = search_index.build(site, "en", tmp_path / "again", cache)
    assert again.endswith(f", {shards - 2} unchanged"), again
    search_index.build(site, "en", tmp_path / "cold", tmp_path / "cold-cache")
    assert _files(tmp_path / "again") == _files(tmp_path / "cold")
    assert mine.read_text(encoding="utf-8") == "the user's own file"


def test_a_fragment_changed_through_the_site_leaves_the_cache_alone(built: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's fragments are copies, never links to the cached shards' files: one edited in place
    in a published site (a post-processing step, say) changes neither the cache nor the next index,
    and a later build's stamps on the cache cannot touch a site already published."""
    monkeypatch.setattr(search_index, "SHARD_TARGET", 4)
    site, cache = built / "site", tmp_path / "cache"
    search_index.build(site, "en", tmp_path / "first", cache)
    fragment = next(iter(sorted((tmp_path / "first" / "fragment").iterdir())))
    assert fragment.stat().st_nlink == 1
    with fragment.open("r+b") as handle:  # in place, as an editor that truncates and writes does
        handle.truncate(0)
        handle.write(gzip.compress(b"pagefind_dcd{}"))
    again = search_index.build(site, "en", tmp_path / "again", cache)
    shards = int(again.split("; ")[1].split()[0])
    assert again.endswith(f", {shards} unchanged"), again
    search_index.build(site, "en", tmp_path / "cold", tmp_path / "cold-cache")
    assert _files(tmp_path / "again") == _files(tmp_path / "cold")


def test_a_bundle_of_another_version_is_refused_in_one_line(built: Path, tmp_path: Path) -> None:
    shutil.copytree(built / "site" / "pagefind", tmp_path / "shard")
    entry = tmp_path / "shard" / "pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace('"version":"1.5.2"', '"version":"1.6.0"'), encoding="utf-8")
    with pytest.raises(pagefind_bundle.UnsupportedBundle) as caught:
        pagefind_bundle.merge([tmp_path / "shard"], tmp_path / "out")
    message = str(caught.value)
    assert "\n" not in message and "Pagefind 1.6.0" in message and "pagefind[bin]==1.5.2" in message


def test_filters_are_refused_not_dropped(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><main data-pagefind-filter='kind:guide'>A guide to quokkas</main>"
                                     "</body></html>", encoding="utf-8")
    with pytest.raises(search_index.SearchIndexError, match="filters or sorts"):
        search_index.build(site, "en", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_rebuild_into_the_kept_tree_keeps_the_reused_shards_fragments(tmp_path: Path) -> None:
    """A rebuild starting from the tree it replaced removes the files it did not write again; the
    fragments of a shard reused from the cache are written (copied) again, so none goes missing."""
    project = copy_small_project(tmp_path / "project")
    assert run_cli("build", str(project)).returncode == 0
    assert run_cli("build", str(project)).returncode == 0  # the first build's tree is kept as the next one's base
    assert (project / ".site-base" / "pagefind").is_dir()
    before = _files(project / "site" / "pagefind")
    result = run_cli("build", str(project))  # into the kept tree, every shard unchanged
    assert result.returncode == 0, result.stdout + result.stderr
    assert _files(project / "site" / "pagefind") == before


def test_a_rebuild_reads_only_the_pages_whose_files_changed(built: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's digest is kept with its file's size, time and inode: a rebuild hashes again only the
    files written since (the site's other files are not read), and still equals a cold index."""
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts]
    for page in pages:  # written a while ago (a file written just before the index is hashed again next time)
        os.utime(page, (time.time() - 60, time.time() - 60))
    cache = tmp_path / "cache"
    search_index.build(site, "en", tmp_path / "first", cache)
    edited = site / "roles" / "data-analyst" / "index.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</h1>", "</h1><p>Edited quokka wording.</p>", 1),
                      encoding="utf-8")
    hashed: list[int] = []
    real = hashlib.blake2b
    monkeypatch.setattr(hashlib, "blake2b", lambda data=b"", **kw: hashed.append(len(data)) or real(data, **kw))
    search_index.build(site, "en", tmp_path / "again", cache)
    assert len([n for n in hashed if n > 1000]) == 1, hashed  # the edited page only
    monkeypatch.setattr(hashlib, "blake2b", real)
    search_index.build(site, "en", tmp_path / "cold", tmp_path / "cold-cache")
    assert "quokka" in pagefind_bundle.decode(tmp_path / "again")["words"]
    assert _files(tmp_path / "again") == _files(tmp_path / "cold")


def test_pages_a_kept_tree_kept_are_not_read_again(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page a rebuild left in the kept tree is stamped with the build's time (written_pages): its
    digest is kept while the page-cache entry it was written from is the same; another entry, read."""
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)

    def written(key: str) -> dict[str, list]:
        return {path: [key if path != paths[0] else "other", (info := (site / path).stat()).st_size, info.st_mtime_ns,
                       info.st_ino, []] for path in paths}

    first, records = search_index.site_pages(site, site / "pagefind", {}, written("k1"))
    assert len(records) == len(paths)  # just written, so kept only for their entries' sake
    since = time.time_ns()
    for path in paths:
        os.utime(site / path, ns=(since, since))
    hashed: list[int] = []
    real = hashlib.blake2b
    monkeypatch.setattr(hashlib, "blake2b", lambda data=b"", **kw: hashed.append(len(data)) or real(data, **kw))
    again, _ = search_index.site_pages(site, site / "pagefind", records, written("k1"))
    assert again == first and hashed == []
    search_index.site_pages(site, site / "pagefind", records, written("k2"))
    assert len(hashed) == len(paths) - 1  # all but the page whose entry is "other" both times
