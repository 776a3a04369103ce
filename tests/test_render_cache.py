"""The render cache's trace: what a unit reads of the catalog is recorded, however it reads it, so an
entry is reused only while everything it read is unchanged."""

from __future__ import annotations

import pytest
from conftest import GOLDEN_PROJECT

from rolebook.index import build_catalog
from rolebook.pipeline import check
from rolebook.render_cache import ALL, Tracing


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    project, _ = check(GOLDEN_PROJECT)
    return build_catalog(project)


def test_a_role_lookup_records_that_role_only(catalog) -> None:  # type: ignore[no-untyped-def]
    view = Tracing(catalog)
    assert view.roles["data-analyst"].title
    assert view.read == {"data-analyst"}


@pytest.mark.parametrize("read", [
    lambda roles: list(roles), lambda roles: len(roles), lambda roles: roles.copy(), lambda roles: dict(roles),
    lambda roles: {**roles}, lambda roles: list(roles.values()), lambda roles: sorted(roles.items()),
    lambda roles: [*roles.keys()], lambda roles: roles == {}, lambda roles: repr(roles),
])
def test_listing_copying_or_counting_roles_records_all_of_them(catalog, read) -> None:  # type: ignore[no-untyped-def]
    view = Tracing(catalog)
    read(view.roles)
    assert ALL in view.read


def test_members_computed_from_every_role_record_all(catalog) -> None:  # type: ignore[no-untyped-def]
    for name in ("roles_by_family", "role_levels", "question_set_users"):
        view = Tracing(catalog)
        getattr(view, name)
        assert view.read == {ALL}, name


def test_methods_of_one_role_and_adjacency_queries_are_recorded(catalog) -> None:  # type: ignore[no-untyped-def]
    view = Tracing(catalog)
    view.questions_of("bi-developer")
    view.level_code("data-analyst", catalog.roles["data-analyst"].role.levels[0].level)
    level = catalog.roles["data-analyst"].role.levels[0].level
    view.adjacency.neighbours("data-analyst", level)
    assert view.read == {"bi-developer", "data-analyst"}
    assert view.asked == [("data-analyst", level, 5)]
    with pytest.raises(AttributeError):
        view.adjacency.points  # noqa: B018  (an untraced query is refused, not silently allowed)


def test_a_catalog_method_reads_through_the_view(catalog) -> None:  # type: ignore[no-untyped-def]
    view = Tracing(catalog)
    view.compensation_for("data-analyst")
    view.shown_regions({catalog.default_region})
    assert ALL not in view.read


def test_a_skill_page_depends_on_its_own_users_only(catalog) -> None:  # type: ignore[no-untyped-def]
    from rolebook.render.skill_pages import skill_page_text

    skill = next(iter(catalog.skill_users))
    view = Tracing(catalog)
    skill_page_text(view, skill)
    assert ALL not in view.read and ("skill_users", skill) in view.keys
    assert view.read == {rid for rid, _ in catalog.skill_users[skill]}


def test_a_roles_data_files_come_from_a_unit_that_reads_no_other_role(catalog) -> None:  # type: ignore[no-untyped-def]
    """api/roles/<id>.json, the planner's and the composer's file of a role: one role edited re-renders
    its own (in one unit listing every role they made one entry too large to store at 1,000 roles)."""
    from rolebook.generate import render_one, units_of
    from rolebook.render.tool_pages import role_file

    rid = "data-analyst"
    own = {f"api/roles/{rid}.json", role_file(catalog, rid), f"api/jd/{rid}.json"}
    found = {}
    for unit in units_of(catalog):
        if unit[0].startswith(("api", "tools", "role-data:")):
            pages, _, trace = render_one(catalog, unit, False, True)
            found.update(dict.fromkeys(own & pages.keys(), trace[0]))
    assert found.keys() == own
    assert all(rid in read and ALL not in read for read in found.values()), found
