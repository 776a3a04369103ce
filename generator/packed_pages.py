"""Generated files held compressed: the one form a generation's pages take in memory.

A catalog of ten thousand roles generates some 3.4 GB of Markdown, JSON and downloads as Python
text; held as text, that (and every worker forked from the process holding it) set the build's peak
memory. Each file is compressed where it is rendered (a forked render worker sends it back packed),
kept packed in `Generated.pages`, handed packed to MkDocs (mkdocs_private.generated_file), and
unpacked only when it is read: a page's Markdown when it is converted, a data file when it is
written."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping

LEVEL = 1  # Markdown and JSON pack 5-8x at level 1; higher levels cost far more time for little


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


def pack_all(pages: Mapping[str, str]) -> dict[str, bytes]:
    """{path: text} packed, in the same order (a PackedPages is passed through as it is)."""
    if isinstance(pages, PackedPages):
        return pages.packed_items()
    return {path: pack(text) for path, text in pages.items()}


class PackedPages(Mapping[str, str]):
    """{path: text} whose texts are kept compressed and unpacked on each lookup (keys, order, `in`
    and `len` as the dict it was made from)."""

    __slots__ = ("_packed",)

    def __init__(self, packed: dict[str, bytes] | None = None) -> None:
        self._packed = packed if packed is not None else {}

    def __getitem__(self, path: str) -> str:
        return unpack(self._packed[path])

    def __contains__(self, path: object) -> bool:
        return path in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __repr__(self) -> str:
        return f"PackedPages({len(self._packed)} files)"

    def packed(self, path: str) -> bytes:
        """One file as it is held (compressed)."""
        return self._packed[path]

    def packed_items(self) -> dict[str, bytes]:
        return self._packed
