"""The role file (`roles/<id>.yaml`): the contract content editors write against.

Every field carries a description; they become the JSON Schema editors get completion from and
the field reference in the contributing guide.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .common import CurrencyCode, Label, LevelId, Markdown, OccupationCode, Slug, Strict, Summary, Text, Title, check_band_order
from .numbers import Amount, FiniteFloat, MinutesRange, YearsRange
from .site import Resource, Source

Status = Literal["draft", "review", "published"]


class Fit(Strict):
    """Who the role suits and who it does not."""

    great_if: list[Text] = Field(default_factory=list, description="Backgrounds or traits that suit the role.")
    not_for: list[Text] = Field(default_factory=list, description="Reasons the role may not suit someone.")


class Requirements(Strict):
    """How hard the role is to get into."""

    difficulty: Literal["beginner", "intermediate", "advanced", "expert"] = Field(
        description="Overall difficulty of reaching job-ready."
    )
    entry_barrier: Literal["low", "medium", "high"] = Field(description="How hard it is to land a first job.")
    coding: Literal["none", "helpful", "required"] = Field(description="How much programming the role needs.")
    time_to_learn_months: FiniteFloat = Field(gt=0, le=120, description="Typical months of steady effort to job-ready.")


class SourcedText(Strict):
    """A statement with the source it comes from."""

    text: Text = Field(description="The statement, e.g. `35% projected job growth through 2030`.")
    source: Slug = Field(description="Id of a source in this file's `sources` or `site_config/sources.yaml`.")


class Outlook(Strict):
    """Demand and automation outlook."""

    demand_score: FiniteFloat | None = Field(None, ge=0, le=10, description="Projected demand, 0 (low) to 10 (high).")
    automation_risk: FiniteFloat | None = Field(
        None, ge=0, le=1, description="Share of the work at risk of automation, 0 to 1 (0.2 = 20%)."
    )
    remote_friendly: bool | None = Field(None, description="Whether remote or hybrid work is common.")
    growth: SourcedText | None = Field(None, description="Job-growth statement with its source.")
    source: Slug | None = Field(None, description="Source of the demand score and automation risk.")


class DayItem(Strict):
    """One block of a typical working day."""

    time: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="Start time, 24-hour `HH:MM` (quote it).")
    activity: Text = Field(description="What happens in this block.")


class SkillNeed(Strict):
    """A skill the role needs, from the skills taxonomy."""

    skill: Slug = Field(description="Skill id from `site_config/skills/`.")
    proficiency: int = Field(ge=1, le=5, description="Expected proficiency on the 1-5 scale.")
    note: Text | None = Field(None, description="Why or how the role uses it.")


class Phase(Strict):
    """One phase of the learning roadmap."""

    title: Label = Field(description="Phase title.")
    weeks: int = Field(ge=1, le=104, description="Expected length in weeks.")
    goals: list[Text] = Field(min_length=1, description="What the learner should be able to do.")
    resources: list[Resource] = Field(default_factory=list, description="Courses, books, docs used in the phase.")
    milestone: Text = Field(description="How the learner knows the phase is done.")
    skills: list[Slug] = Field(default_factory=list, description=(
        "Skill ids from `site_config/skills/` that the phase teaches. The career-move planner uses them to "
        "decide which skill gaps the phase covers; without them it guesses from the phase's text."))


class SalaryBand(Strict):
    """A salary band given directly in the role file."""

    currency: CurrencyCode = Field(description="ISO 4217 currency code.")
    period: Literal["year", "month", "hour"] = Field("year", description="Pay period.")
    min: Amount = Field(description="Lower end of the band (plain number, no separators).")
    median: Amount | None = Field(None, description="Median, if the source gives one.")
    max: Amount = Field(description="Upper end of the band (plain number, no separators).")
    region: Slug | None = Field(None, description="Region id; defaults to the site's default region.")
    source: Slug = Field(description="Id of the source of the figures.")
    open_ended: bool = Field(False, description="True when the source gives the top as `max+` (e.g. `$200,000+`).")

    @model_validator(mode="after")
    def _ordered(self) -> SalaryBand:
        check_band_order(self.min, self.median, self.max)
        return self


Commonality = Literal["core", "common", "specialized"]


class Component(Strict):
    """One component of a level (a task, a piece of knowledge...) with how common it is."""

    text: Text = Field(description="The component.")
    commonality: Commonality = Field("common", description="How widely it applies across employers.")


ComponentList = list[Text | Component]


class Components(Strict):
    """Components of a role level, grouped as in a taxonomy catalog entry."""

    responsibilities: ComponentList = Field(default_factory=list, description="What the person is accountable for.")
    tasks: ComponentList = Field(default_factory=list, description="Concrete recurring tasks.")
    skills: ComponentList = Field(default_factory=list, description="Skills exercised at this level.")
    knowledge: ComponentList = Field(default_factory=list, description="Knowledge areas.")
    competencies: ComponentList = Field(default_factory=list, description="Behavioural competencies.")
    qualifications: ComponentList = Field(default_factory=list, description="Typical qualifications.")


class Level(Strict):
    """One step of the role's career ladder, tied to a level of the scheme."""

    level: LevelId = Field(description="Level id from `site_config/levels.yaml`.")
    title: Title = Field(description="Job title at this level.")
    years: YearsRange | None = Field(
        None, description="Typical years of experience `[min, max]` (0-60, smaller first); `[12, null]` means 12 or more."
    )
    summary: Text | None = Field(None, description="One or two sentences about this level.")
    salary: SalaryBand | None = Field(None, description="Salary band for this level, with its source.")
    responsibilities: list[Text] = Field(default_factory=list, description="Main duties at this level.")
    core_skills: list[Text] = Field(default_factory=list, description="Skills a hiring manager checks for.")
    expectation: Text | None = Field(None, description="What is expected in one sentence (e.g. AI fluency).")
    red_flags: list[Text] = Field(default_factory=list, description="Warning signs in a candidate at this level.")
    components: Components | None = Field(None, description="Taxonomy components for this level.")
    status: Status | None = Field(None, description="Status of this level entry; defaults to the role's.")
    confidence: FiniteFloat | None = Field(None, ge=0, le=1, description="Confidence in this entry, 0 to 1.")
    confidence_band: Literal["low", "medium", "high"] | None = Field(
        None, description="The source's word for that confidence (`low`, `medium`, `high`), shown beside the number.")


class Question(Strict):
    """An interview question."""

    text: Text = Field(description="The question as asked.")
    category: Slug = Field(description="Category id from `site_config/question_categories.yaml`.")
    level: LevelId | None = Field(None, description="Level id the question is pitched at, if any.")
    difficulty: Literal["easy", "medium", "hard"] = Field("medium", description="How hard the question is.")
    topic: Label | None = Field(None, description="Sub-topic, e.g. `Machine learning fundamentals`.")
    guidance: Markdown | None = Field(None, description="What a good answer covers (Markdown).")
    skills: list[Slug] = Field(default_factory=list, description=(
        "Skill ids from `site_config/skills/` that the question probes. The interview kit's scorecard lists the "
        "rubric rows of the skills the chosen questions probe; without them, the skills the question's text or "
        "topic names."))


class QuestionSet(Strict):
    """A set of interview questions shared by several roles (`site_config/question_sets/<id>.yaml`).

    A role asks them by listing the set's id (the file name) under `question_sets`; the question bank
    shows each question once, with every role that asks it."""

    title: Label = Field(description="What the set covers, e.g. `Machine learning fundamentals`.")
    description: Text | None = Field(None, description="Who the set is for, in a sentence.")
    questions: list[Question] = Field(min_length=1, description="The questions of the set.")


class ContextVariation(Strict):
    """How the job description changes in a given context."""

    context: Label = Field(description="Context name, e.g. `Startup`.")
    text: Text = Field(description="What to emphasise in that context.")


class IndustryNote(Strict):
    """Industry-specific requirements for the job description."""

    industry: Label = Field(description="Industry name.")
    requirements: Text = Field(description="Key requirements in that industry.")
    considerations: Text = Field(description="Special considerations.")


class JobDescription(Strict):
    """A job-description template hiring managers can copy."""

    about: Markdown = Field(description="`About the role` paragraphs (Markdown).")
    responsibilities: list[Text] = Field(min_length=1, description="Key responsibilities.")
    must_have: list[Text] = Field(default_factory=list, description="Must-have qualifications.")
    nice_to_have: list[Text] = Field(default_factory=list, description="Nice-to-have qualifications.")
    offer: list[Text] = Field(default_factory=list, description="What the employer offers.")
    contexts: list[ContextVariation] = Field(default_factory=list, description="Context variations.")
    industries: list[IndustryNote] = Field(default_factory=list, description="Industry considerations.")
    evaluation_tips: list[Text] = Field(default_factory=list, description="How to evaluate candidates.")
    sourcing: list[Text] = Field(default_factory=list, description="Where to find candidates (platforms, communities).")
    posting_tips: list[Text] = Field(default_factory=list, description="How to write the job posting so it reaches them.")
    red_flags: list[Text] = Field(default_factory=list, description="Red flags to avoid when hiring.")


class Scenario(Strict):
    """The scenario a candidate works through in an assessment."""

    title: Label = Field(description="Scenario title.")
    situation: Text = Field(description="What has happened.")
    tasks: list[Text] = Field(min_length=1, description="What the candidate must do.")
    stakeholders: list[Label] = Field(default_factory=list, description="Who the candidate must deal with.")


class RubricRow(Strict):
    """What good looks like for one skill, per level."""

    skill: Slug = Field(description="Skill id from the taxonomy.")
    levels: dict[LevelId, Text] = Field(min_length=1, description="Observable behaviour expected at each level id.")


class Expectation(Strict):
    """Expected proficiency in one skill at each level (a row of the seniority matrix)."""

    skill: Slug = Field(description="Skill id from the taxonomy.")
    levels: dict[LevelId, Annotated[int, Field(ge=1, le=5)]] = Field(
        min_length=1, description="Level id → expected proficiency 1-5."
    )


class Assessment(Strict):
    """A skills assessment for the role."""

    duration_minutes: MinutesRange = Field(description="Duration range `[min, max]` in minutes (1-1440, smaller first).")
    skills: list[Slug] = Field(min_length=1, description="Skill ids evaluated.")
    expectations: list[Expectation] = Field(
        default_factory=list, description="Expected proficiency per skill by level (the seniority matrix)."
    )
    scenario: Scenario = Field(description="The scenario.")
    rubric: list[RubricRow] = Field(default_factory=list, description="Behavioural rubric per skill.")
    source: Slug | None = Field(None, description="Id of the source the assessment is based on; the assessment "
                                   "page lists it (and no other) under Sources.")


class FaqItem(Strict):
    """A frequently asked question."""

    q: Text = Field(description="The question.")
    a: Markdown = Field(description="The answer (Markdown).")
    audience: Literal["job-seeker", "employer", "everyone"] = Field("everyone", description="Who asks it.")


class Alias(Strict):
    """Another title the role is known by."""

    title: Label = Field(description="The alternative title.")
    type: Literal["common", "official", "informal", "historical"] = Field("common", description="Kind of alias.")
    level: LevelId | None = Field(None, description="Level the alias maps to, if any.")
    confidence: FiniteFloat = Field(ge=0, le=1, description="Confidence that the alias means this role, 0 to 1.")
    approved: bool = Field(False, description="Whether a reviewer approved the alias.")


class Classification(Strict):
    """A mapping to an occupational classification."""

    system: Literal["onet-soc", "soc-2018", "isco-08", "esco", "other"] = Field(description="Classification system.")
    code: OccupationCode = Field(description="Code in that system (quote it).")
    title: Label = Field(description="Title of the code in that system.")
    match: Literal["exact", "broader", "related"] = Field(
        "broader", description="How closely the occupation matches the role: `exact` (the same work), `broader` "
        "(the role is one part of a wider occupation; the default, since most codes are) or `related` (a "
        "neighbouring occupation). Shown beside the code and beside any wage statistics for it.")
    source: Label = Field(description="How the mapping was made, e.g. `inferred_from_superfunction`.")
    review: Literal["needs_review", "reviewed", "approved"] = Field("needs_review", description="Review status.")


class Story(Strict):
    """The story of the role: who does it and why it matters."""

    who: Text = Field(description="Who does this work.")
    problem_external: Text | None = Field(None, description="The organisation's problem.")
    problem_internal: Text | None = Field(None, description="How the problem feels to those who have it.")
    why_it_matters: Text | None = Field(None, description="Why solving it matters.")
    plan: list[Text] = Field(default_factory=list, description="The steps the role takes.")
    stakes: Text | None = Field(None, description="What happens if the work fails.")
    success: Text | None = Field(None, description="What success looks like.")


class Adjacency(Strict):
    """Editor overrides for the computed adjacent roles."""

    pin: list[Slug] = Field(default_factory=list, description="Role ids always listed as neighbours.")
    exclude: list[Slug] = Field(default_factory=list, description="Role ids never listed as neighbours.")


class Role(Strict):
    """A role: one YAML file in `roles/`, named by the role id (e.g. `roles/ai-engineer.yaml`)."""

    title: Title = Field(description="Role title, e.g. `AI Engineer`.")
    family: Slug = Field(description="Family id from `site_config/families.yaml`.")
    code: str | None = Field(
        None,
        pattern=r"^[A-Z][A-Z0-9]{1,11}\.[A-Z][A-Z0-9]{1,11}$",
        description="Role code `FAMILY.FOCUS`, e.g. `AIMLAM.GEN`; a level code appends the level, e.g. `AIMLAM.GEN.P3`. "
        "Without it the code is the family code, a dot and the file name without hyphens (`AIMLAM.PROMPTENGINEER`).",
    )
    status: Status = Field("draft", description="Editorial status.")
    version: int = Field(1, ge=1, le=100000, description="Content version, raised on each substantive change.")
    focus: Label | None = Field(None, description="The role's focus within its function, as the taxonomy names it "
                                   "(the code's second part), e.g. `General` for `AIMLAM.GEN`. Shown on level pages.")
    region_scope: Label | None = Field(
        None, description="Where this role definition applies, as its source says, e.g. `Global` or `United States`. "
        "Shown as the level pages' Region badge; without it the badge lists the regions that have pay figures.")
    summary: Summary = Field(description="One or two plain sentences for cards and meta descriptions (300 characters at most).")
    overview: Markdown | None = Field(None, description="What the role does (Markdown).")
    story: Story | None = Field(None, description="The story of the role.")
    fit: Fit | None = Field(None, description="Who the role suits.")
    requirements: Requirements | None = Field(None, description="Difficulty, entry barrier, coding, time to learn.")
    outlook: Outlook | None = Field(None, description="Demand and automation outlook.")
    typical_day: list[DayItem] = Field(default_factory=list, description="A typical day, in time order.")
    skills: list[SkillNeed] = Field(default_factory=list, description="Skills from the taxonomy with proficiency.")
    tools: list[Label] = Field(default_factory=list, description="Tools of the trade.")
    roadmap: list[Phase] = Field(default_factory=list, description="Learning roadmap phases, in order.")
    roadmap_source: Slug | None = Field(None, description="Id of the source the roadmap is based on; the roadmap "
                                           "page lists it (and no other) under Sources.")
    levels: list[Level] = Field(default_factory=list, description="Career ladder, most junior first.")
    questions: list[Question] = Field(default_factory=list, description="Interview questions of this role only.")
    question_sets: list[Slug] = Field(
        default_factory=list, description="Ids of shared question sets (`site_config/question_sets/<id>.yaml`) "
        "this role also asks; write a question used by several roles once, in a set.")
    job_description: JobDescription | None = Field(None, description="Job-description template.")
    assessment: Assessment | None = Field(None, description="Skills assessment.")
    faq: list[FaqItem] = Field(default_factory=list, description="Frequently asked questions.")
    adjacency: Adjacency | None = Field(None, description="Pin or exclude neighbours in the adjacent-roles list.")
    redirect_from: list[Slug] = Field(
        default_factory=list, description="Old ids of this role (after a rename): their pages lead here."
    )
    aliases: list[Alias] = Field(default_factory=list, description="Other titles for the role.")
    classifications: list[Classification] = Field(default_factory=list, description="Occupational codes.")
    sources: list[Source] = Field(default_factory=list, description="Sources declared by this file (cite shared ones with `cites`).")
    cites: list[Slug] = Field(
        default_factory=list, description="Ids of sources in `site_config/sources.yaml` the whole page draws on."
    )


def derived_role_code(family_code: str, role_id: str) -> str:
    """The code of a role whose file gives none: family code, a dot, the id upper-cased without hyphens."""
    return f"{family_code}.{role_id.replace('-', '').upper()}"
