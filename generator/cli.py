"""`rolebook` command line: validate, build, serve, schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .pipeline import check
from .problems import FORMATTERS, errors


def cmd_validate(args: argparse.Namespace) -> int:
    _, problems = check(Path(args.path))
    shown = problems if args.warnings else errors(problems)
    output = FORMATTERS[args.format](shown)
    if output:
        print(output)
    return 1 if errors(problems) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rolebook", description="Build a career-guide and role-catalog site from role YAML.")
    parser.add_argument("--version", action="version", version=f"rolebook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check roles/ and site_config/; exit 1 on errors")
    p.add_argument("path", nargs="?", default=".", help="project root or its roles/ folder (default: .)")
    p.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format (default: text)")
    p.add_argument("--no-warnings", dest="warnings", action="store_false", help="hide warnings")
    p.set_defaults(func=cmd_validate)

    from .commands import add_commands

    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
