"""Content editors' workflow: scaffold, PR checks, changed-only validation, catalog diff, redirects."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_project, run_cli

from rolebook.cli import build_parser


def test_new_role_edit_validate_build(project: Path) -> None:
    result = run_cli("new", "prompt-engineer", "--title", "Prompt Engineer", "--from", "ai-engineer", "--path", str(project))
    assert result.returncode == 0, result.stderr
    path = project / "roles" / "prompt-engineer.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../site_config/schema/role.schema.json\n")
    assert "# roadmap:" in text and "# job_description:" in text  # every section present, commented
    assert run_cli("validate", str(project), "--no-warnings").returncode == 0  # valid as written
    text = text.replace('summary: "Draft: one or two plain sentences about what this role does."',
                        "summary: Designs, tests and maintains the prompts behind LLM features.")
    text = text.replace("# tools: []", "tools: [Prompt registries, Evaluation harnesses]")
    path.write_text(text, encoding="utf-8")
    assert run_cli("validate", str(project), "--no-warnings").returncode == 0
    build = run_cli("build", str(project))
    assert build.returncode == 0, build.stderr
    page = (project / "site" / "roles" / "prompt-engineer" / "index.html").read_text(encoding="utf-8")
    assert "Designs, tests and maintains the prompts behind LLM features." in page
    assert "Prompt registries" in page


def test_new_refuses_overwrite_and_bad_ids(project: Path) -> None:
    before = (project / "roles" / "ai-engineer.yaml").read_bytes()
    again = run_cli("new", "ai-engineer", "--title", "X", "--path", str(project))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (project / "roles" / "ai-engineer.yaml").read_bytes() == before
    for bad in ("../escape", "Upper", "a--b", ""):
        result = run_cli("new", bad, "--title", "X", "--path", str(project))
        assert result.returncode == 1 and "not a valid role id" in result.stderr, bad
    assert not (project / "escape.yaml").exists()
    long_id = "a-" * 33 + "role"
    result = run_cli("new", long_id, "--title", "X", "--path", str(project))
    assert result.returncode == 1 and f"the role id '{long_id}' is 70 characters long; the limit is 64" in result.stderr


def test_github_annotations_name_file_and_line(project: Path) -> None:
    role = project / "roles" / "data-scientist.yaml"
    lines = role.read_text(encoding="utf-8").splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.startswith("family:"))
    lines[i] = "family: not-a-family"
    role.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("validate", str(project / "roles"), "--format", "github")
    assert result.returncode == 1
    assert f"::error file=roles/data-scientist.yaml,line={i + 1},col=9,title=unknown-family::unknown family 'not-a-family'" \
        in result.stdout


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "repo")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.email=t@example.org", "-c", "user.name=T", "add", "-A")
    _git(root, "-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-q", "-m", "base")
    return root


def _commit(repo: Path, message: str) -> None:
    _git(repo, "-c", "user.email=t@example.org", "-c", "user.name=T", "add", "-A")
    _git(repo, "-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-q", "-m", message)


def test_diff_summarises_a_change(repo: Path) -> None:
    guide = repo / "roles" / "ai-engineer.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("min: 110000", "min: 115000"), encoding="utf-8")
    (repo / "roles" / "mlops-engineer.yaml").unlink()
    csv = repo / "roles" / "compensation" / "bls-oews-2025.csv"
    csv.write_text("".join(ln for ln in csv.read_text(encoding="utf-8").splitlines(True) if not ln.startswith("mlops-engineer,")),
                   encoding="utf-8")
    assert run_cli("new", "prompt-engineer", "--title", "Prompt Engineer", "--path", str(repo)).returncode == 0
    _commit(repo, "change")
    result = run_cli("diff", "HEAD~1", str(repo))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("### Catalog changes since `HEAD~1`")
    assert "- **Added role** `prompt-engineer`: Prompt Engineer (0 levels)" in out
    assert "- **Removed role** `mlops-engineer`: MLOps Engineer" in out
    assert ("- Salary `ai-engineer` P1, us: USD 110,000–140,000 / year → USD 115,000–140,000 / year "
            "(source `jd-guide-2026`, as of 2026-06)") in out
    assert "- Salary `mlops-engineer` all levels, us: removed" in out


def test_diff_keeps_cents_and_the_pay_period(repo: Path) -> None:
    csv = repo / "roles" / "compensation" / "jd-guide-2026.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "ai-engineer,,us-remote,USD,hour,21.43,30.1,60,jd-guide-2026,2026-06\n",
                   encoding="utf-8")
    _commit(repo, "hourly")
    csv.write_text(csv.read_text(encoding="utf-8").replace(",hour,21.43,30.1,60,", ",hour,21.5,30.1,60.25,"), encoding="utf-8")
    _commit(repo, "hourly changed")
    out = run_cli("diff", "HEAD~1", str(repo)).stdout
    assert ("- Salary `ai-engineer` all levels, us-remote, per hour: USD 21.43–60.00 / hour (median 30.10) → "
            "USD 21.50–60.25 / hour (median 30.10)") in out, out
    # the annual band of the same role and region is a different figure, not the same one changed
    assert "us-remote: USD 120,000–180,000 / year" not in out, out


def test_changed_checks_only_what_changed(repo: Path) -> None:
    # An error in a file nobody touched is not reported by --changed...
    untouched = repo / "roles" / "ml-engineer.yaml"
    untouched.write_text(untouched.read_text(encoding="utf-8").replace("family: ai-ml", "family: nope"), encoding="utf-8")
    _commit(repo, "broken but old")
    touched = repo / "roles" / "data-scientist.yaml"
    touched.write_text(touched.read_text(encoding="utf-8").replace("family: ai-ml", "family: also-nope"), encoding="utf-8")
    result = run_cli("validate", str(repo), "--changed", "HEAD", "--no-warnings")
    assert result.returncode == 1
    assert "roles/data-scientist.yaml" in result.stdout and "ml-engineer" not in result.stdout
    # ...while a full validate reports both.
    full = run_cli("validate", str(repo), "--no-warnings")
    assert "roles/ml-engineer.yaml" in full.stdout and "roles/data-scientist.yaml" in full.stdout


def test_changed_includes_files_that_refer_to_a_changed_role(repo: Path) -> None:
    csv = repo / "roles" / "compensation" / "jd-guide-2026.csv"
    rows = csv.read_text(encoding="utf-8").replace("ai-engineer,,us-austin,USD,year,135000", "ai-engineer,,us-austin,EUR,year,135000")
    csv.write_text(rows, encoding="utf-8")
    _commit(repo, "bad row, committed")
    role = repo / "roles" / "ai-engineer.yaml"
    role.write_text(role.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # touch the role only
    result = run_cli("validate", str(repo), "--changed", "HEAD", "--no-warnings")
    assert result.returncode == 1 and "jd-guide-2026.csv" in result.stdout and "currency-mismatch" in result.stdout


def test_changed_with_a_bad_ref_is_a_usage_error(repo: Path) -> None:
    result = run_cli("validate", str(repo), "--changed", "no-such-ref")
    assert result.returncode == 2 and "no-such-ref" in result.stderr and "Traceback" not in result.stderr


def test_redirect_keeps_old_urls(project: Path, tmp_path: Path) -> None:
    old = project / "roles" / "mlops-engineer.yaml"
    new = project / "roles" / "ml-platform-engineer.yaml"
    text = old.read_text(encoding="utf-8")
    new.write_text(text.replace("\naliases:", "\nredirect_from: [mlops-engineer]\naliases:", 1), encoding="utf-8")
    old.unlink()
    csv = project / "roles" / "compensation" / "bls-oews-2025.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("mlops-engineer,", "ml-platform-engineer,"), encoding="utf-8")
    previous = tmp_path / "catalog.json"
    previous.write_text('{"roles": [{"id": "mlops-engineer"}, {"id": "ai-engineer"}]}', encoding="utf-8")
    assert run_cli("validate", str(project), "--previous-catalog", str(previous), "--no-warnings").returncode == 0
    assert run_cli("build", str(project)).returncode == 0
    page = (project / "site" / "roles" / "mlops-engineer" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../roles/ml-platform-engineer/">' in page
    assert (project / "site" / "roles" / "mlops-engineer" / "job-description" / "index.html").is_file()
    new.write_text(new.read_text(encoding="utf-8").replace("redirect_from: [mlops-engineer]\n", ""), encoding="utf-8")
    missing = run_cli("validate", str(project), "--previous-catalog", str(previous), "--no-warnings")
    assert missing.returncode == 1 and "role 'mlops-engineer' was published but has no page now" in missing.stdout


def _cli_commands() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")  # noqa: SLF001
    return set(sub.choices)


def _make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.M))


@pytest.mark.parametrize("workflow", sorted((REPO / ".github" / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_workflows_parse_and_call_real_commands(workflow: Path) -> None:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert data["permissions"] == {"contents": "read"}  # least privilege by default; jobs widen it only where needed
    steps = [s for job in data["jobs"].values() for s in job["steps"]]
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+\.\d+\.\d+", step["uses"]), f"pin an exact version: {step['uses']}"
        for line in step.get("run", "").splitlines():
            words = line.split()
            if words[:1] == ["make"]:
                assert words[1] in _make_targets(), line
            if words and words[0].endswith("rolebook"):
                assert words[1] in _cli_commands(), line


def test_pre_commit_config_uses_real_commands() -> None:
    data = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = next(r for r in data["repos"] if r["repo"] == "local")
    entry = local["hooks"][0]["entry"].split()
    assert entry[0].endswith("rolebook") and entry[1] in _cli_commands()
    schema = next(r for r in data["repos"] if "check-jsonschema" in r["repo"])["hooks"][0]["args"][1]
    assert (REPO / schema).is_file()


def test_field_reference_is_current() -> None:
    result = run_cli("schema", str(REPO), "--check")
    assert result.returncode == 0, result.stderr
    text = (REPO / "content" / "contributing" / "field-reference.md").read_text(encoding="utf-8")
    assert "| `summary` | text | yes | up to 300 characters |" in text
