"""The YAML reader keeps the editor's text, refuses unsafe constructs and names line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolebook.load.yaml_reader import MAX_BYTES, parse_yaml, read_yaml
from rolebook.problems import ContentError


def refused(text: str) -> tuple[str, int, int, str]:
    with pytest.raises(ContentError) as info:
        parse_yaml("f.yaml", text)
    p = info.value.problems[0]
    return p.code, p.line, p.col, p.message


def test_scalars_stay_as_written() -> None:
    doc = parse_yaml("f.yaml", "a: no\nb: 0123\nc: 12:30\nd: 3.10\ne: 2026-06\nf: 1e3\ng: ON\nh: ~\ni: 'null'\n")
    assert doc.data == {"a": "no", "b": "0123", "c": "12:30", "d": "3.10", "e": "2026-06", "f": "1e3",
                        "g": "ON", "h": None, "i": "null"}


def recorded(text: str) -> tuple[str, int, int, str]:
    p = parse_yaml("f.yaml", text).problems[0]
    return p.code, p.line, p.col, p.message


def test_duplicate_key_names_both_lines() -> None:
    code, line, col, message = recorded("title: A\nsummary: s\ntitle: B\n")
    assert (code, line, col) == ("duplicate-key", 3, 1)
    assert "line 1" in message


def test_duplicate_key_keeps_the_first_value_and_reads_on() -> None:
    doc = parse_yaml("f.yaml", "title: A\ntitle: B\nsub:\n  x: 1\n  x: 2\nlast: z\n")
    assert doc.data == {"title": "A", "sub": {"x": "1"}, "last": "z"}
    assert [(p.code, p.line) for p in doc.problems] == [("duplicate-key", 2), ("duplicate-key", 5)]
    assert all(p.severity == "error" for p in doc.problems)


def test_a_refusal_inside_a_repeated_key_is_still_refused() -> None:
    assert refused("a: 1\na: !!python/name:os.system x\n")[0] == "yaml-tag"


def test_duplicate_key_true_and_yes_are_different_text() -> None:
    # Kept as text, `yes` and `true` are distinct keys: nothing is silently merged.
    assert parse_yaml("f.yaml", "yes: 1\ntrue: 2\n").data == {"yes": "1", "true": "2"}


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("a: &x [1, 2]\nb: *x\n", "yaml-alias", None),
        ("a:\n  - 1\nb: *nope\n", "yaml-alias", 3),
        ("a:\n\t- 1\n", "yaml-tab", 2),
        ("a: 1\n---\nb: 2\n", "yaml-multi-doc", 2),
        ("a: !!python/object:os.system x\n", "yaml-tag", 1),
        ("note: fix this #1 priority\n", "yaml-comment-cut", 1),
        ("a: [1, 2\n", "yaml-syntax", 2),
    ],
)
def test_refusals_have_positions(text: str, code: str, line: int | None) -> None:
    got_code, got_line, col, _ = refused(text)
    assert got_code == code
    assert got_line == line or (line is None and got_line in (1, 2))  # libyaml names the anchor, PyYAML the alias
    assert col >= 1


def test_ordinary_comment_is_fine() -> None:
    assert parse_yaml("f.yaml", "a: text # a comment\n").data == {"a": "text"}


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_bytes(b"title: ok\nsummary: caf\xe9\n")
    with pytest.raises(ContentError) as info:
        read_yaml(tmp_path, "r.yaml")
    p = info.value.problems[0]
    assert (p.code, p.line, p.col) == ("not-utf8", 2, 13)


def test_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_bytes("\ufefftitle: ok\n".encode("utf-8"))
    assert read_yaml(tmp_path, "r.yaml").data == {"title": "ok"}


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1))
    with pytest.raises(ContentError) as info:
        read_yaml(tmp_path, "r.yaml")
    assert info.value.problems[0].code == "file-too-large"


def test_locate_maps_nested_locations() -> None:
    doc = parse_yaml("f.yaml", "levels:\n  - level: P1\n    salary:\n      min: 5\n")
    assert doc.locate(("levels", 0, "salary", "min")) == (4, 12)


def test_billion_laughs_is_refused_fast() -> None:
    import time

    lol = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)
    )
    start = time.perf_counter()
    code, _, _, _ = refused(lol)
    assert code == "yaml-alias"
    assert time.perf_counter() - start < 1.0


def test_pure_python_fallback_refuses_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import rolebook.load.yaml_reader as reader

    monkeypatch.setattr(reader, "FAST", False)
    assert refused("a: &x [1]\nb: *x\n")[0] == "yaml-alias"
    assert recorded("a: 1\na: 2\n")[:2] == ("duplicate-key", 2)
    assert refused("note: cut #here\n")[0] == "yaml-comment-cut"
    assert reader.parse_yaml("f.yaml", "a: no\nb: ~\n").data == {"a": "no", "b": None}
