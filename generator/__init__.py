"""Rolebook: a static career-guide and role-catalog site generator for MkDocs + Material."""

__version__ = "0.1.0"
