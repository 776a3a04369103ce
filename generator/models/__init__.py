"""Pydantic models of every Rolebook document."""

from .role import Role
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
    "RegionsFile",
    "Role",
    "SiteSettings",
    "SkillsFile",
    "SourcesFile",
]
