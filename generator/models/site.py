"""Site-wide vocabularies in ``site_config/``: levels, skills, regions, families, categories, sources."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from .common import AsOf, CurrencyCode, HttpsUrl, Label, LevelId, Markdown, Slug, Strict, Text
from .numbers import FiniteFloat, YearsRange

ResourceType = Literal[
    "course", "book", "docs", "article", "video", "certification", "tool", "community", "project"
]


class Resource(Strict):
    """A learning resource: what it is, its type, and where to find it."""

    title: Label = Field(description="Name of the resource, e.g. `Practical Deep Learning for Coders`.")
    type: ResourceType = Field(description="Kind of resource.")
    url: HttpsUrl | None = Field(None, description="Where to find it (https only). Leave out if none.")
    provider: Label | None = Field(None, description="Who publishes it, e.g. `fast.ai`, `Coursera`.")


class Track(Strict):
    """A ladder track in the level scheme, e.g. Professional (P) or Management (M)."""

    id: Literal["P", "M", "E", "S"] = Field(description="One-letter track prefix used in level ids.")
    name: Label = Field(description="Track name, e.g. `Professional`.")
    description: Text | None = Field(None, description="What distinguishes this track.")


class LevelDefinition(Strict):
    """One level of the scheme with its descriptors (the same for every role)."""

    id: LevelId = Field(description="Level id: track letter + rank, e.g. `P3`.")
    track: Literal["P", "M", "E", "S"] = Field(description="Track this level belongs to.")
    rank: int = Field(ge=1, le=9, description="Position within the track (1 = most junior).")
    name: Label = Field(description="Level name, e.g. `Mid-Level Professional`.")
    summary: Text = Field(description="One sentence describing the level.")
    scope: Text = Field(description="What the person is responsible for.")
    autonomy: Text = Field(description="How independently they work.")
    complexity: Text = Field(description="What kind of problems they solve.")
    impact: Text = Field(description="Whose outcomes they affect.")
    decision_rights: Text = Field(description="Which decisions they own.")
    leadership: Text = Field(description="How they lead or mentor others.")
    experience: YearsRange = Field(
        description="Typical years of experience as `[min, max]` (0-60, smaller first); `[12, null]` means 12 or more."
    )


class LevelScheme(Strict):
    """The level scheme every role ladder refers to (`site_config/levels.yaml`)."""

    tracks: list[Track] = Field(min_length=1, description="Ladder tracks.")
    levels: list[LevelDefinition] = Field(min_length=1, description="Levels, most junior first per track.")


class ProficiencyLevel(Strict):
    """One step of the skill proficiency scale."""

    value: int = Field(ge=1, le=5, description="Numeric value used in role files.")
    name: Label = Field(description="Name, e.g. `Working`.")
    description: Text = Field(description="What someone at this step can do.")


class Skill(Strict):
    """A skill in the taxonomy."""

    id: Slug = Field(description="Skill id referenced from role files.")
    name: Label = Field(description="Display name.")
    category: Slug = Field(description="Skill category id (see `categories` in the same file).")
    description: Text = Field(description="What the skill covers, in one or two sentences.")
    resources: list[Resource] = Field(default_factory=list, description="Where to learn it.")


class SkillCategory(Strict):
    """A group of skills."""

    id: Slug = Field(description="Category id.")
    name: Label = Field(description="Display name.")


class SkillsFile(Strict):
    """A skills taxonomy file (`site_config/skills/*.yaml`)."""

    categories: list[SkillCategory] = Field(default_factory=list, description="Skill categories.")
    proficiency: list[ProficiencyLevel] = Field(
        default_factory=list, description="The proficiency scale (declare it in one file only)."
    )
    skills: list[Skill] = Field(default_factory=list, description="Skills.")


def _known_locale(value: str) -> str:
    """A locale Babel (which formats the figures) knows, so that what validates also builds."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"'{value}' is not a locale Rolebook can format numbers for; use one such as en_US, de_DE or fr_FR") from None
    return value


class Region(Strict):
    """A region for compensation figures."""

    id: Slug = Field(description="Region id, e.g. `us-seattle`.")
    name: Label = Field(description="Display name, e.g. `Seattle`.")
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code, e.g. `US`.")
    currency: CurrencyCode = Field(description="Currency used for figures in this region.")
    locale: Annotated[str, AfterValidator(_known_locale)] = Field(
        "en_US", pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$", description="Locale for number formatting, e.g. `en_US`."
    )
    col_factor: FiniteFloat | None = Field(
        None, gt=0, le=5, description="Cost-of-living factor against the national average (1.0 = average)."
    )
    col_note: Label | None = Field(None, description="How the factor should be read, e.g. `Varies by employer`.")


class Family(Strict):
    """A role family, e.g. AI & Machine Learning."""

    id: Slug = Field(description="Family id referenced from role files.")
    name: Label = Field(description="Display name.")
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,11}$", description="Family code used in role codes, e.g. `AIML`.")
    description: Text = Field(description="What roles in this family have in common.")


class QuestionCategory(Strict):
    """An interview-question category."""

    id: Slug = Field(description="Category id referenced from questions.")
    name: Label = Field(description="Display name, e.g. `Behavioural`.")
    description: Text = Field(description="What this kind of question probes.")


class OccupationStatistics(Strict):
    """What a source's wage statistics describe: a whole occupation's population, not one role."""

    population: Text = Field(description="Who the figures describe, e.g. `wage and salary workers in the "
                             "occupation, all industries and ownerships, excluding the self-employed`.")
    min: Label = Field(description="What a row's `min` is, e.g. `10th percentile`.")
    median: Label = Field(description="What a row's `median` is, e.g. `median (50th percentile)`.")
    max: Label = Field(description="What a row's `max` is, e.g. `90th percentile`.")


class Source(Strict):
    """A source of facts or figures, cited by id."""

    id: Slug = Field(description="Source id cited from roles and compensation CSVs.")
    title: Label = Field(description="Title of the source.")
    publisher: Label | None = Field(None, description="Who published it.")
    url: HttpsUrl | None = Field(None, description="Where to read it (https).")
    as_of: AsOf = Field(description="The period the facts describe (the reference period), e.g. `2025-05` for "
                        "May 2025 wage estimates; shown as 'as of' next to the figures.")
    released: AsOf | None = Field(
        None, description="When this edition was published, e.g. `2026-04`. Staleness is judged from it (from "
        "`as_of` when it is left out), since a survey is released months after the period it describes.")
    cadence_months: int | None = Field(
        None, ge=1, le=120, description="How often the publisher releases a new edition, in months (12 = yearly). "
        "With it, the source is stale only once a newer edition is due (`released` plus this); without it, once "
        "it is older than the site's `source_max_age_months`.")
    license: Label | None = Field(None, description="Licence or terms, e.g. `Public domain`.")
    note: Text | None = Field(None, description="How the figures were derived or should be read.")
    occupation_statistics: OccupationStatistics | None = Field(
        None, description="Set when the source publishes wage statistics for whole occupations (e.g. BLS OEWS): "
        "its compensation rows are then shown as occupation-wide statistics, never as the role's own pay, and each "
        "row names its `occupation` code.")

    @model_validator(mode="after")
    def _released_after_period(self) -> Source:
        if self.released is not None and self.released[:7] < self.as_of[:7]:
            raise ValueError(f"released ({self.released}) is before as_of ({self.as_of}): a source is released "
                             "after (or during) the period it describes")
        return self


class SiteSettings(Strict):
    """Site-wide settings (`site_config/site.yaml`)."""

    name: Label = Field(description="Site name shown in the header.")
    tagline: Text = Field(description="One sentence shown on the home page.")
    default_region: Slug = Field(description="Region used when a salary band names none.")
    source_max_age_months: int = Field(18, ge=1, le=120, description="Warn when a source is older than this.")
    about: Markdown | None = Field(None, description="Short Markdown shown in the site footer of role pages.")
    nav_roles_per_family: int = Field(
        30, ge=0, le=500,
        description="A family with at most this many roles lists them (with their pages and levels) in the "
        "navigation; a larger family lists only its family page, so every page's navigation stays small.")
    list_page_size: int = Field(
        100, ge=10, le=1000,
        description="Rows per page on listings that grow with the catalog (catalog index, families, "
        "skills): longer listings are split into numbered pages.")
    compensation_roles_per_page: int = Field(
        25, ge=5, le=500,
        description="Roles per compensation page: each role adds a bar to every level's chart and rows "
        "to its tables, so these pages are paged more finely.")
    featured_regions: list[Slug] = Field(
        default_factory=list, max_length=50,
        description="Region ids whose pay a role page shows first, after the default region (e.g. the "
        "largest metro areas). The others are one click away in the page's region picker and full pay table.")
    pay_regions_shown: int = Field(
        12, ge=1, le=50,
        description="Regions shown in a role page's pay tables and charts: the default region, the featured "
        "regions, then others in `regions.yaml` order. Every region stays in the picker, the role's full pay "
        "table (paged) and its CSV download, so no page grows with the number of regions.")
    pay_table_page_size: int = Field(
        250, ge=10, le=1000, description="Rows per page of a role's full pay table.")


class RegionsFile(Strict):
    """`site_config/regions.yaml`."""

    regions: list[Region] = Field(min_length=1, description="Regions for compensation figures.")


class FamiliesFile(Strict):
    """`site_config/families.yaml`."""

    families: list[Family] = Field(min_length=1, description="Role families.")


class QuestionCategoriesFile(Strict):
    """`site_config/question_categories.yaml`."""

    categories: list[QuestionCategory] = Field(min_length=1, description="Interview-question categories.")


class SourcesFile(Strict):
    """`site_config/sources.yaml`: sources shared by several roles or CSVs."""

    sources: list[Source] = Field(default_factory=list, description="Shared sources.")
