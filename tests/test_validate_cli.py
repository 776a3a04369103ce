"""`rolebook validate`: clean catalog exits 0; every kind of problem is named with file:line, no traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import REPO, run_cli


def test_sample_catalog_is_valid() -> None:
    result = run_cli("validate", str(REPO / "roles"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


def _break(project: Path) -> dict[str, int]:
    """Inject five problems; return the 1-based line (or CSV row) of each."""
    role = project / "roles" / "ai-engineer.yaml"
    lines = role.read_text(encoding="utf-8").splitlines()
    title_line = next(i for i, ln in enumerate(lines) if ln.startswith("title:"))
    lines.insert(title_line + 1, "title: Duplicate Title")           # duplicate key
    text = "\n".join(lines) + "\n"
    role.write_text(text, encoding="utf-8")
    typo = project / "roles" / "ml-engineer.yaml"  # unknown field (a YAML error stops its own file only)
    typo.write_text(typo.read_text(encoding="utf-8").replace("\nsummary:", "\nsumary_typo: oops\nsummary:", 1), encoding="utf-8")

    other = project / "roles" / "data-scientist.yaml"
    other_text = other.read_text(encoding="utf-8")
    other_text = re.sub(r"(skill: )([a-z-]+)", r"\1no-such-skill", other_text, count=1)  # dangling skill
    other.write_text(other_text, encoding="utf-8")

    ladder = project / "roles" / "ai-competency-framework-designer.yaml"
    ladder_lines = ladder.read_text(encoding="utf-8").splitlines()
    min_i = next(i for i, ln in enumerate(ladder_lines) if re.match(r"\s+min: \d+", ln))
    ladder_lines[min_i] = re.sub(r"min: \d+", "min: 990000", ladder_lines[min_i])  # min > max
    ladder.write_text("\n".join(ladder_lines) + "\n", encoding="utf-8")

    csv = project / "roles" / "compensation" / "jd-guide-2026.csv"
    rows = csv.read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace(",180000,", ",\"180,000\",")  # malformed number
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    skill_line = other_text[: other_text.index("no-such-skill")].count("\n") + 1
    return {"dup": title_line + 2, "unknown": None, "skill": skill_line, "min": min_i + 1, "csv": 3}  # type: ignore[dict-item]


def test_broken_catalog_names_every_problem(project: Path) -> None:
    where = _break(project)
    result = run_cli("validate", str(project / "roles"))
    out = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in out
    assert f"roles/ai-engineer.yaml:{where['dup']}:1: error duplicate-key" in out
    assert f"roles/data-scientist.yaml:{where['skill']}:" in out and "unknown skill 'no-such-skill'" in out
    assert re.search(r"roles/ai-competency-framework-designer.yaml:\d+:\d+: error invalid-value: "
                     r"levels\[\d\]\.salary: min \(990000\) is greater than max", out)
    assert "roles/compensation/jd-guide-2026.csv:3:6: error csv-invalid" in out and "180,000" in out
    assert re.search(r"roles/ml-engineer.yaml:\d+:\d+: error unknown-field: unknown field 'sumary_typo'", out)
    assert "hint:" in out


def test_unknown_field_suggests_the_right_name(project: Path) -> None:
    role = project / "roles" / "ml-engineer.yaml"
    text = role.read_text(encoding="utf-8").replace("\nsummary:", "\nsumary: typo\nsummary:", 1)
    role.write_text(text, encoding="utf-8")
    line = text[: text.index("sumary:")].count("\n") + 1
    result = run_cli("validate", str(project))
    assert result.returncode == 1
    assert f"roles/ml-engineer.yaml:{line}:" in result.stdout
    assert "unknown field 'sumary'" in result.stdout and "did you mean 'summary'?" in result.stdout


def test_json_and_github_formats(project: Path) -> None:
    role = project / "roles" / "ml-engineer.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("family: ai-ml", "family: nope", 1), encoding="utf-8")
    as_json = run_cli("validate", str(project), "--format", "json")
    assert as_json.returncode == 1
    problems = json.loads(as_json.stdout)
    hit = [p for p in problems if p["code"] == "unknown-family"]
    assert hit and hit[0]["path"] == "roles/ml-engineer.yaml" and hit[0]["line"] > 0 and hit[0]["hint"]
    gh = run_cli("validate", str(project), "--format", "github")
    assert gh.returncode == 1
    assert re.search(r"^::error file=roles/ml-engineer.yaml,line=\d+,col=\d+,title=unknown-family::unknown family 'nope'", gh.stdout, re.M)


def test_empty_roles_folder(empty_project: Path) -> None:
    result = run_cli("validate", str(empty_project))
    assert result.returncode == 1
    assert "roles: error no-roles" in result.stdout


def test_bad_file_names_are_reported(project: Path) -> None:
    (project / "roles" / "Bad_Name.yaml").write_text("title: x\n", encoding="utf-8")
    (project / "roles" / "other.yml").write_text("title: x\n", encoding="utf-8")
    result = run_cli("validate", str(project))
    assert result.returncode == 1
    assert "roles/Bad_Name.yaml: error bad-role-id" in result.stdout
    assert "roles/other.yml: error bad-extension" in result.stdout


def test_csv_problems_name_rows(project: Path) -> None:
    csv = project / "roles" / "compensation" / "extra.csv"
    csv.write_text(
        "role,level,region,currency,period,min,median,max,source,as_of\n"
        "ai-engineer,P9,us,USD,year,100,,200,jd-guide-2026,2026-06\n"
        "\n"
        "ai-engineer,,mars,USD,year,100,,200,jd-guide-2026,2026-06\n"
        "ai-engineer,,us,EUR,year,$160k,,200,jd-guide-2026,2026-06\n"
        "ai-engineer,,us,USD,year,100,,200\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(project))
    out = result.stdout
    assert result.returncode == 1
    assert "extra.csv:2: error unknown-level" in out
    assert "extra.csv:3: error csv-blank-row" in out
    assert "extra.csv:4: error unknown-region" in out
    assert "extra.csv:5:6: error csv-invalid" in out and "$160k" in out
    assert "extra.csv:6: error csv-ragged-row" in out


def test_semicolon_csv_gets_a_hint(project: Path) -> None:
    (project / "roles" / "compensation" / "semi.csv").write_text(
        "role;level;region;currency;period;min;median;max;source;as_of\n", encoding="utf-8")
    result = run_cli("validate", str(project))
    assert "semi.csv:1: error csv-header" in result.stdout and "semicolon" in result.stdout


def test_every_limit_names_itself_and_says_what_to_do() -> None:
    from rolebook.load.yaml_reader import parse_yaml
    from rolebook.models import Role
    from rolebook.validate.model_errors import validate_doc

    long_text = "x" * 2001
    doc = parse_yaml("roles/r.yaml", f"title: T\nfamily: data\nsummary: {'s' * 301}\ncites: [{'a' * 65}]\n"
                     f"questions:\n  - {{text: {long_text}, category: technical}}\n"
                     "job_description: {about: A, responsibilities: []}\n")
    _, problems = validate_doc(doc, Role)
    by_where = {p.message.split(" ", 1)[0]: p for p in problems}
    assert by_where["summary"].message == "summary is 301 characters long; the limit is 300"
    assert "overview" in by_where["summary"].hint
    assert by_where["cites[0]"].message == "cites[0] is 65 characters long; the limit is 64"
    assert by_where["cites[0]"].hint == "use a shorter id (64 characters at most)"
    assert by_where["questions[0].text"].message == "questions[0].text is 2,001 characters long; the limit is 2,000"
    assert by_where["questions[0].text"].hint == "shorten it to 2,000 characters or fewer"
    assert by_where["job_description.responsibilities"].message == \
        "job_description.responsibilities has 0 item(s); at least 1 needed"
