"""Pydantic models of every Rolebook document."""

from .role import QuestionSet, Role
from .site import (
    FamiliesFile,
    LevelScheme,
    QuestionCategoriesFile,
    RegionsFile,
    SiteSettings,
    SkillsFile,
    SourcesFile,
)

__all__ = [
    "FamiliesFile",
    "LevelScheme",
    "QuestionCategoriesFile",
    "QuestionSet",
    "RegionsFile",
    "Role",
    "SiteSettings",
    "SkillsFile",
    "SourcesFile",
]
