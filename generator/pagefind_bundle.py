"""Pagefind 1.5.2's bundle format: read shard bundles and merge them into one ordinary bundle.

All knowledge of the format is here (read from Pagefind's source, `pagefind/src/index/` and
`pagefind/src/output/`, and the browser side `pagefind_web/src/metadata.rs`, `index.rs`):

* `pagefind-entry.json`: the version, per language the hash of its `pf_meta` and the page count.
* Every `pf_meta`, `pf_index` and `pf_fragment` file is gzip of b"pagefind_dcd" + a payload; the
  metadata and index payloads are CBOR (structs as arrays), a fragment's is the page's JSON.
* pf_meta = [version, pages [[fragment hash, word count]...] (a page's number is its position),
  index chunks [[from, to, hash]...], filters [[name, hash]...], sorts [[name, [page]...]...], meta fields].
* pf_index = [[[word, [[page number (delta within the list), locs, meta_locs]...], [[form, pages]...]]...]],
  words sorted; meta_locs switch fields with -(field id + 1), the id indexing the meta fields.
* Names are `<language>_` + a prefix of the SHA-1 of the payload, longer where two differ.

Each shard is first prepared (prepare): its chunks become one file of word records whose page lists
are kept as CBOR bytes, so a merge never decodes a cached shard's locations again. The merge numbers
the pages shard after shard (Pagefind's numbering within a shard depends only on its pages), so a
shard's page list for a word is spliced in as it is but for its first delta; it remaps meta field
ids where a shard lacks a field, and streams every shard's sorted words through one k-way merge,
cutting chunks exactly as Pagefind does: memory holds one word record per shard, not the index.
Bundles of another Pagefind version, or using filters or sorts (this site uses neither), are
refused with UnsupportedBundle rather than merged into a wrong index."""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import itertools
import json
import operator
import os
import shutil
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

VERSION = "1.5.2"  # pyproject pins pagefind[bin]==1.5.2: the format below is that version's
SIGNATURE = b"pagefind_dcd"
INDEX_CHUNK_SIZE = 20000  # Pagefind's default_index_chunk_size (PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE unset)
ENTRY = "pagefind-entry.json"
MAX_FILE = 256 * 1024 * 1024  # no bundle file is near this: a larger one is not a bundle of ours

Page = tuple[int, list[int], list[int]]  # (page number, locs, meta_locs)


class UnsupportedBundle(Exception):
    """A shard bundle this module cannot merge faithfully (one line)."""


def pf_hash(payload: bytes) -> str:
    """Pagefind's full_hash: SHA-1 as hex, each byte without a leading zero (`{:x?}` per byte)."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(payload).digest())


def read_payload(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE + 1)
        data = gzip.decompress(raw) if len(raw) <= MAX_FILE else b""
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise UnsupportedBundle(f"{path} is not a readable Pagefind file: {exc}") from None
    if not data.startswith(SIGNATURE):
        raise UnsupportedBundle(f"{path} is not a Pagefind {VERSION} file (no pagefind_dcd signature)")
    return data[len(SIGNATURE):]


def write_payload(path: Path, payload: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + payload, compresslevel=9, mtime=0))


def _cbor(path: Path) -> Any:
    try:
        return cbor2.loads(read_payload(path))
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise UnsupportedBundle(f"{path} is not valid CBOR: {exc}") from None


def _undelta(pages: list[Any]) -> list[Page]:
    out, number = [], 0
    for page in pages:
        number += page[0]
        out.append((number, page[1], page[2] if len(page) > 2 else []))
    return out


def _remap_meta(meta_locs: list[int], fields: list[int]) -> list[int]:
    """meta_locs with the shard's field ids replaced by the merged ones, groups in field order (as
    Pagefind sorts them); positions restart at each field switch, so groups move as they are."""
    if not meta_locs:
        return meta_locs
    groups: list[tuple[int, list[int]]] = []
    for loc in meta_locs:
        if loc < 0:
            groups.append((fields[-loc - 1], []))
        elif groups:
            groups[-1][1].append(loc)
        else:
            raise UnsupportedBundle("a meta location before any field id")
    groups.sort(key=lambda group: group[0])
    return [x for field, locs in groups for x in (-field - 1, *locs)]


@dataclass
class Shard:
    """One Pagefind bundle (one language), read lazily: its metadata now, its chunks when merged."""

    folder: Path
    language: str
    entry: dict[str, Any]
    pages: list[tuple[str, int]]  # (fragment hash, word count) by page number
    chunks: list[str]
    meta_fields: list[str]

    @classmethod
    def open(cls, folder: Path) -> Shard:
        try:
            entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UnsupportedBundle(f"{folder / ENTRY} cannot be read: {exc}") from None
        languages = entry.get("languages") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or entry.get("version") != VERSION:
            found = entry.get("version") if isinstance(entry, dict) else None
            raise UnsupportedBundle(f"the search index was made by Pagefind {found}, Rolebook merges only {VERSION} "
                                    f"bundles: pip install 'pagefind[bin]=={VERSION}'")
        if not isinstance(languages, dict) or len(languages) != 1:
            raise UnsupportedBundle(f"{folder}: one language per bundle is supported, found {len(languages or ())}")
        ((language, info),) = languages.items()
        meta = _cbor(folder / f"pagefind.{info['hash']}.pf_meta")
        if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == VERSION):
            raise UnsupportedBundle(f"{folder}: pf_meta is not Pagefind {VERSION}'s")
        if meta[3] or meta[4]:
            raise UnsupportedBundle(f"{folder}: the index uses Pagefind filters or sorts, which Rolebook does not merge")
        return cls(folder, language, entry, [(h, wc) for h, wc in meta[1]], [c[2] for c in meta[2]], list(meta[5]))

    def fragment(self, number: int) -> Path:
        return self.folder / "fragment" / f"{self.pages[number][0]}.pf_fragment"

    def words(self) -> Iterator[tuple[str, list[Page], list[tuple[str, list[Page]]]]]:
        """(word, pages, variants) in word order, one chunk decoded at a time."""
        for name in self.chunks:
            chunk = _cbor(self.folder / "index" / f"{name}.pf_index")
            for word in chunk[0]:
                variants = [(form, _undelta(pages)) for form, pages in (word[2] if len(word) > 2 else [])]
                yield word[0], _undelta(word[1]), variants


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """Pagefind's get_prefixes: the shortest prefixes of two neighbouring chunks' last and first words."""
    common = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(b, a, strict=False)))
    return a[:common + 1], b[:common + 1]


def _chunk_meta(ranges: list[list[str]]) -> None:
    """Pagefind's chunk_meta: trim each chunk's `to` and the next one's `from` to distinguishing prefixes."""
    for first, second in itertools.pairwise(ranges):
        to, start = _prefixes(first[1], second[0])
        if to >= first[0]:
            first[1] = to
        second[0] = start


def _unique(name: str, full: str, taken: dict[str, str]) -> str:
    """A short name for `full` ("en_" + hex), longer while another payload holds it."""
    size = len(name)
    while name in taken and taken[name] != full:
        size += 1
        if size > len(full):
            raise UnsupportedBundle("two different payloads share one SHA-1")
        name = full[:size]
    taken[name] = full
    return name


PREPARED = "words.cbor"  # a shard's words, ready to merge (written by prepare)


def _head(major: int, n: int) -> bytes:
    """A CBOR head (major type, argument) in its shortest form, as minicbor and cbor2 write it."""
    if n < 24:
        return bytes([major << 5 | n])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | extra]) + n.to_bytes(size, "big")
    raise UnsupportedBundle(f"a number too large for CBOR: {n}")


def _text(value: str) -> bytes:
    data = value.encode("utf-8")
    return _head(3, len(data)) + data


def _pack(pages: list[Any], raw: bytes, with_meta: bool) -> list[Any]:
    """A delta-encoded page list as merge() takes it: [count, first delta, last page number, the pages
    after the first one's delta as CBOR bytes (cut from `raw`, the list as the chunk holds it)] or,
    when a meta field id may need remapping, the pages."""
    rest = pages if with_meta else raw[len(_head(4, len(pages))) + 1 + len(_head(0, pages[0][0])):]
    return [len(pages), pages[0][0], sum(map(_FIRST, pages)), rest]


_FIRST, _LOCS, _META = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)


def _encode_pages(pages: list[Any]) -> bytes:
    """What _pack keeps of pages it encodes: all but the heads of the list and of the first page, and its delta."""
    return cbor2.dumps(pages)[len(_head(4, len(pages))) + 1 + len(_head(0, pages[0][0])):]


def _chunk_words(payload: bytes) -> Iterator[tuple[str, list[Any], bytes, list[tuple[str, list[Any], bytes]]]]:
    """A chunk's word records: (word, pages, the pages' CBOR as the chunk holds it, variants alike).
    The structure around the page lists is read here; each list is decoded once, and its bytes are
    kept as they are (Pagefind writes CBOR in its shortest form, as cbor2 does: the test checks)."""
    handle = io.BytesIO(payload)
    decoder = cbor2.CBORDecoder(handle)

    def head(major: int) -> int:
        first = handle.read(1)
        if not first or first[0] >> 5 != major or first[0] & 31 > 27:
            raise ValueError(f"CBOR major type {major} expected at byte {handle.tell() - 1}")
        info = first[0] & 31
        return info if info < 24 else int.from_bytes(handle.read(1 << (info - 24)), "big")

    def text() -> str:
        return handle.read(head(3)).decode("utf-8")

    def pages() -> tuple[list[Any], bytes]:
        start = handle.tell()
        value = decoder.decode()
        if not isinstance(value, list):
            raise ValueError("a page list expected")
        return value, payload[start:handle.tell()]

    if head(4) != 1:
        raise ValueError("a chunk is an array of one array")
    for _ in range(head(4)):
        fields = head(4)
        word = text()
        word_pages, raw = pages()
        variants = []
        for _ in range(head(4) if fields > 2 else 0):
            if head(4) != 2:
                raise ValueError("a variant is [form, pages]")
            form = text()
            variants.append((form, *pages()))
        yield word, word_pages, raw, variants


def prepare(folder: Path) -> None:
    try:
        _prepare(folder)
    except (IndexError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UnsupportedBundle(f"{folder} is not a Pagefind {VERSION} bundle: {type(exc).__name__}: {exc}") from None


def _prepare(folder: Path) -> None:
    """Rewrite a shard's index chunks as one file of word records, each page list ready to be spliced
    into a merged chunk without decoding its locations again; the chunks are removed. Done once per
    shard (a cached shard is merged from its records)."""
    shard = Shard.open(folder)
    records = []
    for name in shard.chunks:
        for word, pages, raw, variants in _chunk_words(read_payload(folder / "index" / f"{name}.pf_index")):
            with_meta = any(map(_META, pages)) or any(any(map(_META, vp)) for _, vp, _ in variants)
            size = len(pages) + sum(map(len, map(_LOCS, pages))) + sum(map(len, map(_META, pages)))
            records.append([word, size, _pack(pages, raw, with_meta) if pages else None,
                            [[form, _pack(vp, vraw, with_meta)] for form, vp, vraw in variants if vp]])
    with (folder / PREPARED).open("wb") as handle:  # a count, then the records: merge() reads one at a time
        handle.write(cbor2.dumps(len(records)))
        for record in records:
            handle.write(cbor2.dumps(record))
    shutil.rmtree(folder / "index")


def merge(folders: list[Path], out: Path) -> tuple[int, int]:
    try:
        return _merge(folders, out)
    except (IndexError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UnsupportedBundle(f"a search index shard is not a Pagefind {VERSION} bundle: {type(exc).__name__}: {exc}") from None


def _merge(folders: list[Path], out: Path) -> tuple[int, int]:
    """Merge prepared shard bundles (disjoint page sets) into one bundle in the new folder `out`;
    return (pages, words). Raises UnsupportedBundle.

    Pages keep their shard's order, the shards one after another (Pagefind's numbering within a
    shard depends only on its pages), so a word's page list from a shard is copied as it is but for
    its first delta; a shard lacking some meta field has its field ids remapped."""
    shards = [Shard.open(folder) for folder in folders]
    if not shards:
        raise UnsupportedBundle("no shard to merge")
    first = shards[0]
    settings = (first.language, first.entry.get("include_characters"), first.entry["languages"][first.language].get("wasm"))
    for shard in shards[1:]:
        if (shard.language, shard.entry.get("include_characters"), shard.entry["languages"][shard.language].get("wasm")) != settings:
            raise UnsupportedBundle(f"{shard.folder} and {first.folder} were indexed with different settings")
    language = first.language
    offsets = list(itertools.accumulate((len(shard.pages) for shard in shards), initial=0))
    fields = sorted({name for shard in shards for name in shard.meta_fields})
    field_ids = [None if shard.meta_fields == fields else [fields.index(name) for name in shard.meta_fields]
                 for shard in shards]

    out.mkdir(parents=True)
    for name in os.listdir(first.folder):  # the scripts, styles and wasm: the same in every shard
        source = first.folder / name
        if name not in (ENTRY, PREPARED) and not name.endswith(".pf_meta") and source.is_file() and not source.is_symlink():
            shutil.copyfile(source, out / name)
    (out / "fragment").mkdir()
    (out / "index").mkdir()

    # Fragments keep their names; two shards' different fragments of one name: the later gets a longer one.
    taken: dict[str, Path] = {}
    meta_pages = []
    for shard in shards:
        for number, (name, word_count) in enumerate(shard.pages):
            source = shard.fragment(number)
            if name in taken and read_payload(taken[name]) != read_payload(source):
                full = f"{language}_{pf_hash(read_payload(source))}"
                size = len(name)
                while name in taken and read_payload(taken[name]) != read_payload(source):
                    size += 1
                    if size > len(full):
                        raise UnsupportedBundle("two different fragments share one SHA-1")
                    name = full[:size]
            if name not in taken:
                taken[name] = source
                # A copy, not a hard link: a site never shares a file with the cache, so nothing a later
                # build does to the cache (a new stamp, a corrupt entry) can touch a site already published.
                shutil.copyfile(source, out / "fragment" / f"{name}.pf_fragment")
            meta_pages.append([name, word_count])

    def stream(s: int) -> Iterator[tuple[str, int, list[Any]]]:
        path = shards[s].folder / PREPARED
        try:
            with path.open("rb") as handle:
                decoder = cbor2.CBORDecoder(handle)
                for _ in range(decoder.decode()):
                    record = decoder.decode()
                    yield record[0], s, record
        except (OSError, cbor2.CBORDecodeError) as exc:
            raise UnsupportedBundle(f"{path} cannot be read: {exc}") from None

    def place(s: int, packed: list[Any], parts: list[bytes], last: int) -> int:
        """Append a shard's pages (as _pack made them) after a list whose last page is `last`; return the new last."""
        count, first_delta, end, rest = packed
        if isinstance(rest, list):  # pages with meta locations: field ids remapped, then encoded
            remap = field_ids[s]
            if remap is not None:
                rest = [[page[0], page[1], _remap_meta(page[2], remap)] for page in rest]
            rest = _encode_pages(rest)
        parts.append(b"\x83" + _head(0, offsets[s] + first_delta - last) + rest)
        return offsets[s] + end

    ranges: list[list[str]] = []
    chunk_names: dict[str, str] = {}
    chunk: list[bytes] = []
    bounds = ["", ""]  # the chunk's first and last words
    size = words = 0
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="rolebook-search-chunks")  # level 9: the costly part
    writes: list[Future[None]] = []

    def flush() -> None:
        payload = b"\x81" + _head(4, len(chunk)) + b"".join(chunk)
        full = f"{language}_{pf_hash(payload)}"
        name = _unique(full[:len(language) + 8], full, chunk_names)
        writes.append(pool.submit(write_payload, out / "index" / f"{name}.pf_index", payload))  # zlib lets go of the GIL
        ranges.append([bounds[0], bounds[1], name])

    try:
        merged = heapq.merge(*(stream(s) for s in range(len(shards))), key=lambda item: item[0])  # stable: shard order
        for word, group in itertools.groupby(merged, key=lambda item: item[0]):
            parts: list[bytes] = []
            count = last = word_size = 0
            variants: dict[str, list[Any]] = {}  # form -> [count, last, parts]
            for _word, s, (_w, shard_size, packed, shard_variants) in group:
                word_size += shard_size
                if packed is not None:
                    count += packed[0]
                    last = place(s, packed, parts, last)
                for form, variant in shard_variants:
                    held = variants.setdefault(form, [0, 0, []])
                    held[0] += variant[0]
                    held[1] = place(s, variant, held[2], held[1])
            if not chunk:
                bounds[0] = word
            bounds[1] = word
            chunk.append(b"\x83" + _text(word) + _head(4, count) + b"".join(parts) + _head(4, len(variants))
                         + b"".join(b"\x82" + _text(form) + _head(4, held[0]) + b"".join(held[2]) for form, held in variants.items()))
            words += 1
            size += word_size
            if size >= INDEX_CHUNK_SIZE:
                flush()
                chunk, size = [], 0
        if chunk:
            flush()
    finally:
        pool.shutdown()
    for write in writes:
        write.result()
    _chunk_meta(ranges)

    meta = cbor2.dumps([VERSION, meta_pages, ranges, [], [], fields])
    meta_name = f"{language}_{pf_hash(meta)[:len(language) + 8]}"
    write_payload(out / f"pagefind.{meta_name}.pf_meta", meta)
    info = dict(first.entry["languages"][language], hash=meta_name, page_count=len(meta_pages))
    entry = {"version": VERSION, "languages": {language: info}, "include_characters": first.entry.get("include_characters", [])}
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(meta_pages), words


def decode(folder: Path) -> dict[str, Any]:
    """A bundle as plain data (for tests and checks): {"pages": {url: (word count, fragment JSON)},
    "words": {word: {url: (locs, meta_locs by field name)}}, "variants": {(word, form): {url: ...}}}."""
    shard = Shard.open(folder)
    urls, pages = [], {}
    for number in range(len(shard.pages)):
        fragment = json.loads(read_payload(shard.fragment(number)))
        urls.append(fragment["url"])
        pages[fragment["url"]] = (shard.pages[number][1], fragment)

    def named(meta_locs: list[int]) -> list[tuple[str, int]]:
        out, field = [], ""
        for loc in meta_locs:
            if loc < 0:
                field = shard.meta_fields[-loc - 1]
            else:
                out.append((field, loc))
        return out

    words: dict[str, dict[str, Any]] = {}
    variants: dict[tuple[str, str], dict[str, Any]] = {}
    for word, word_pages, word_variants in shard.words():
        words[word] = {urls[n]: (locs, named(meta)) for n, locs, meta in word_pages}
        for form, variant_pages in word_variants:
            variants[(word, form)] = {urls[n]: (locs, named(meta)) for n, locs, meta in variant_pages}
    return {"pages": pages, "words": words, "variants": variants}
