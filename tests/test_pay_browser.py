"""The region picker in Chromium: a role with pay in 500 regions, built as a site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli, serve
from test_pay_regions import REGIONS, ROLE, _name, make_project


@pytest.fixture(scope="module")
def regions_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_project(tmp_path_factory.mktemp("regions-site") / "project")
    result = run_cli("build", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    url, stop = serve(root / "site")
    yield url
    stop()


def test_picker_shows_any_region_and_keeps_it_in_the_url(page: object, regions_url: str) -> None:
    page.goto(f"{regions_url}/roles/{ROLE}/")  # type: ignore[attr-defined]
    select = page.locator(".rb-region-picker select")  # type: ignore[attr-defined]
    select.wait_for(state="visible")
    assert select.locator("option").count() > REGIONS  # every region with pay, plus the prompt
    select.select_option("us-area-0321")
    assert page.url.endswith("?region=us-area-0321")  # type: ignore[attr-defined]
    result = page.locator(".rb-region-picker__result")  # type: ignore[attr-defined]
    assert f"Annual pay, {_name(321)}" in result.inner_text()
    assert "$50,321–$90,321 / year" in result.inner_text() and "$70,321 / year" in result.inner_text()

    # a shared link opens on the same region; hourly pay is its own table, with cents
    page.goto(f"{regions_url}/roles/{ROLE}/?region=us-area-0300")  # type: ignore[attr-defined]
    page.locator(".rb-region-picker__result table").first.wait_for()  # type: ignore[attr-defined]
    text = page.locator(".rb-region-picker__result").inner_text()  # type: ignore[attr-defined]
    assert page.locator(".rb-region-picker select").input_value() == "us-area-0300"  # type: ignore[attr-defined]
    assert "Hourly pay" in text and "$23.00–$43.00 / hour" in text

    page.go_back()  # type: ignore[attr-defined]
    assert page.url.endswith("?region=us-area-0321")  # type: ignore[attr-defined]


def test_full_table_pages_link_to_each_other(page: object, regions_url: str) -> None:
    page.goto(f"{regions_url}/roles/{ROLE}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Every pay band of").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"**/roles/{ROLE}/pay/", wait_until="load")  # type: ignore[attr-defined]
    page.locator(".rb-pager").first.get_by_role("link", name="Next").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"**/roles/{ROLE}/pay/page-2/", wait_until="load")  # the URL changes before the page has loaded
    assert page.locator("table tbody tr").count() == 100  # type: ignore[attr-defined]
    csv = page.get_by_role("link", name="Download every band as CSV").get_attribute("href")  # type: ignore[attr-defined]
    response = page.request.get(f"{regions_url}/roles/{ROLE}/pay/page-2/{csv}")  # type: ignore[attr-defined]
    assert response.ok and response.text().count("\n") > REGIONS


def test_page_height_is_bounded(page: object, regions_url: str, tmp_path: Path) -> None:
    """At desktop and phone widths the 500-region page stays a normal length (it was 81,000 px)."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
        page.goto(f"{regions_url}/roles/{ROLE}/?region=us-area-0321#pay-by-region")  # type: ignore[attr-defined]
        page.locator(".rb-region-picker__result table").first.wait_for()  # type: ignore[attr-defined]
        height = page.evaluate("document.documentElement.scrollHeight")  # type: ignore[attr-defined]
        assert height < 30000, height
        page.screenshot(path=str(tmp_path / f"role-500-{width}.png"))  # type: ignore[attr-defined]


def test_picker_labels_occupation_statistics(page: object, regions_url: str) -> None:
    page.goto(f"{regions_url}/roles/{ROLE}/?region=us-seattle")  # type: ignore[attr-defined]
    result = page.locator(".rb-region-picker__result")  # type: ignore[attr-defined]
    result.locator("table").first.wait_for()
    captions = result.locator("caption").all_inner_texts()
    # Seattle has only BLS figures for this role: one table, named as occupation-wide statistics
    assert len(captions) == 1 and captions[0].startswith("Occupation-wide statistics, not this role's pay: "
                                                         "SOC 2018 15-1252 Software Developers"), captions
    assert "broader occupation" in captions[0]
    heads = result.locator("th").all_inner_texts()
    assert "10th percentile – 90th percentile" in heads and "median (50th percentile)" in heads, heads
    assert "$99,190–$257,960 / year" in result.inner_text()
