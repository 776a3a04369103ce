"""One mapping from a docs page to its built URL, used by every link, pager, download folder and API url."""

from __future__ import annotations

import pytest

from rolebook.render.links import file_link, page_link, page_url
from rolebook.render.paging import page_paths


@pytest.mark.parametrize("page, url", [
    ("index.md", ""), ("skills/index.md", "skills/"), ("compare.md", "compare/"),
    ("roles/ai-engineer/index.md", "roles/ai-engineer/"), ("roles/ai-engineer/pay.md", "roles/ai-engineer/pay/"),
    ("catalog/data.anl.p1.md", "catalog/data.anl.p1/"),
    ("skills/reindex.md", "skills/reindex/"),  # a name that merely ends in "index" is a page of its own
])
def test_page_url(page: str, url: str) -> None:
    assert page_url(page) == url


def test_not_a_page_is_refused() -> None:
    with pytest.raises(ValueError):
        page_url("api/catalog.json")


def test_links_and_pagers_use_it() -> None:
    assert page_link("skills/reindex.md", "skills/index.md", html=True) == "../"
    assert page_link("index.md", "roles/x/pay.md", html=True) == "roles/x/pay/"
    assert page_link("index.md", "skills/search-index.md", html=True) == "skills/search-index/"  # was skills/search-/
    assert file_link("skills/reindex.md", "api/catalog.json") == "../../api/catalog.json"
    assert page_paths("compensation.md", 2) == ["compensation.md", "compensation/page-2.md"]
