"""Sub-commands beyond validate (filled in as the generator grows)."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    return None
