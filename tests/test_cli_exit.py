"""The `rolebook` command exits without the interpreter's final walk over every object still alive."""

from __future__ import annotations

import gc

import pytest

from rolebook import cli


def test_the_command_freezes_the_heap_before_exiting(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(cli, "main", lambda: calls.append("main") or 3)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 3  # main's exit code, unchanged
    assert calls == ["main", "freeze"]


def test_the_installed_command_is_run() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "rolebook"]
    assert script.value == "rolebook.cli:run"
