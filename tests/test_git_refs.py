"""`validate --changed REF` and `diff REF`: a ref is verified as one commit and handed to git after
`--end-of-options`, so it can never be an option; what is read from a ref's tree stays in the temp
folder; the Markdown summary shows titles as text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

GOLDEN = Path(__file__).parent / "data" / "golden-project"
GIT = ["git", "-c", "user.email=t@example.org", "-c", "user.name=T", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(GOLDEN, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("command, said", [
    (lambda target: ["validate", "--changed=--output=" + str(target)], "is not a commit"),
    (lambda target: ["diff", "--", "--output=" + str(target)], "is not a commit"),
    (lambda target: ["validate", "--changed", "--output=" + str(target)], "argument --changed: expected one argument"),
])
def test_a_ref_that_looks_like_an_option_is_refused_and_writes_nothing(command, said: str, repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    result = run_cli(*command(target), str(repo))
    assert result.returncode == 2, result.stdout + result.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert said in result.stderr and "Traceback" not in result.stderr
    if said == "is not a commit":
        assert result.stderr == f"rolebook: {command(target)[0]}{' --changed' if command(target)[0] == 'validate' else ''}: " \
            f"'--output={target}' is not a commit (give one branch, tag or commit, e.g. origin/main or HEAD~1; " \
            "ranges such as A..B are not accepted)\n"


@pytest.mark.parametrize("ref", ["-p", "--all", "-HEAD", "--exec=touch pwned", "--upload-pack=touch pwned"])
@pytest.mark.parametrize("command", ["validate", "diff"])
def test_refs_starting_with_a_dash_are_refused(command: str, ref: str, repo: Path) -> None:
    args = ["validate", f"--changed={ref}", str(repo)] if command == "validate" else ["diff", "--", ref, str(repo)]
    result = run_cli(*args, cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is not a commit" in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "pwned").exists()


@pytest.mark.parametrize("ref", ["HEAD..HEAD~1", "HEAD~1..HEAD", "HEAD...HEAD~1", "HEAD~1..", "^HEAD"])
def test_a_range_is_not_a_ref(ref: str, repo: Path) -> None:
    # A range made `git diff` compare two commits and skip the working tree: the broken file passed.
    role = repo / "roles" / "bi-developer.yaml"
    _edit(role, "family: data", "family: data-nope")
    commit(repo, "second")
    _edit(role, "family: data-nope", "family: not-a-family")  # broken, uncommitted
    for args in (["validate", f"--changed={ref}", str(repo)], ["diff", "--", ref, str(repo)]):
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stdout + result.stderr)
        assert "is not a commit" in result.stderr


def test_a_tree_or_blob_hash_is_not_a_commit(repo: Path) -> None:
    tree = git(repo, "rev-parse", "HEAD^{tree}")
    blob = git(repo, "rev-parse", "HEAD:roles/bi-developer.yaml")
    for ref in (tree, blob):
        for args in (["validate", f"--changed={ref}", str(repo)], ["diff", ref, str(repo)]):
            result = run_cli(*args)
            assert result.returncode == 2, (args, result.stdout + result.stderr)
            assert f"'{ref}' is not a commit" in result.stderr


def test_commits_branches_and_tags_still_work(repo: Path) -> None:
    git(repo, "tag", "-a", "v1", "-m", "annotated")
    sha = git(repo, "rev-parse", "HEAD")
    _edit(repo / "roles" / "bi-developer.yaml", "family: data", "family: not-a-family")
    for ref in ("HEAD", "main", "v1", sha, sha[:10]):
        result = run_cli("validate", f"--changed={ref}", "--no-warnings", str(repo))
        assert result.returncode == 1 and "roles/bi-developer.yaml" in result.stdout, (ref, result.stderr)
        diff = run_cli("diff", ref, str(repo))
        assert diff.returncode == 0, (ref, diff.stderr)


def test_a_role_that_fails_to_load_is_not_reported_as_removed(repo: Path) -> None:
    (repo / "roles" / "bi-developer.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = run_cli("diff", "HEAD", str(repo))
    assert result.returncode == 0, result.stderr
    assert "Removed role" not in result.stdout
    assert "`bi-developer`: does not load" in result.stdout
    assert "Salary `bi-developer`" not in result.stdout  # its figures are unknown, not removed
    assert "do not load; run `rolebook validate roles/`" in result.stdout


def test_diff_shows_titles_as_text(repo: Path) -> None:
    role = repo / "roles" / "bi-developer.yaml"
    _edit(role, "title: BI Developer\nfamily", "title: \"*BI* | <script>alert(1)</script> `x` [a](http://e) @team\"\nfamily")
    _edit(role, "{level: P3, title: BI Developer}", "{level: P3, title: \"Lead_dev | **bold** <b>\"}")
    result = run_cli("diff", "HEAD", str(repo))
    assert result.returncode == 0, result.stderr + result.stdout
    out = result.stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("- `bi-developer`: title"))
    assert line == ("- `bi-developer`: title BI Developer → \\*BI\\* \\| \\<script\\>alert\\(1\\)\\</script\\> "
                    "\\`x\\` \\[a\\]\\(http\\://e\\) @&#8203;team")
    assert "- `bi-developer`: level P3 retitled BI Developer → Lead\\_dev \\| \\*\\*bold\\*\\* \\<b\\>" in out
    assert "<script>" not in out and "<b>" not in out


def test_summary_puts_each_title_on_one_line() -> None:
    from rolebook.changes import markdown_text

    assert markdown_text("a\nb\r\nc\u2028d") == "a b c d"
    assert markdown_text("x <img src=x onerror=alert(1)> & y") == "x \\<img src=x onerror=alert\\(1\\)\\> \\& y"
    # GitHub links these even when backslash-escaped: dots are escaped, @ and # get a zero-width space
    assert markdown_text("www.evil.com hr@evil.com #12") == "www\\.evil\\.com hr@&#8203;evil\\.com \\#&#8203;12"


def test_a_ref_whose_tree_holds_links_reads_nothing_outside(repo: Path, tmp_path: Path) -> None:
    roles = repo / "roles"
    valid = (roles / "bi-developer.yaml").read_text(encoding="utf-8")
    secret = tmp_path / "secret.yaml"  # a valid role: if a link were followed, its title would show
    secret.write_text(valid.replace("title: BI Developer\nfamily", "title: SECRET-abc123\nfamily"), encoding="utf-8")
    (roles / ".hidden.yaml").write_text(valid.replace("title: BI Developer\nfamily", "title: INSIDE-LINK\nfamily"),
                                        encoding="utf-8")
    (roles / "abs-link.yaml").symlink_to(secret)  # absolute
    (roles / "up-link.yaml").symlink_to("../../secret.yaml")  # relative, escaping the checkout
    (roles / "in-link.yaml").symlink_to(".hidden.yaml")  # inside roles/
    (roles / "compensation" / "etc.csv").symlink_to("/etc/passwd")
    (repo / "site_config" / "skills" / "dev.yaml").symlink_to("/dev/zero")
    commit(repo, "links")
    for name in ("abs-link.yaml", "up-link.yaml", "in-link.yaml"):
        (roles / name).unlink()
    (roles / "compensation" / "etc.csv").unlink()
    (repo / "site_config" / "skills" / "dev.yaml").unlink()
    result = run_cli("diff", "HEAD", str(repo))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    for shown in ("SECRET-abc123", "INSIDE-LINK", "root:"):
        assert shown not in result.stdout, result.stdout
    assert "Added role" not in result.stdout and "Removed role" not in result.stdout  # links never loaded as roles
    assert "At `HEAD`, 5 file(s) did not load" in result.stdout


def test_a_ref_whose_roles_folder_is_a_link(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.move(repo / "roles", outside)
    (repo / "roles").symlink_to(outside)
    commit(repo, "roles is a link")
    (repo / "roles").unlink()
    shutil.move(outside, repo / "roles")
    result = run_cli("diff", "HEAD", str(repo))
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    assert "At `HEAD`, 1 file(s) did not load" in result.stdout


def test_a_project_in_a_sub_folder_of_its_repository(tmp_path: Path) -> None:
    repo = tmp_path / "mono"
    shutil.copytree(GOLDEN, repo / "site")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base")
    _edit(repo / "site" / "roles" / "bi-developer.yaml", "title: BI Developer\nfamily", "title: BI Dev\nfamily")
    for cwd, path in ((repo, "site"), (repo / "site", ".")):
        diff = run_cli("diff", "HEAD", path, cwd=cwd)
        assert diff.returncode == 0, diff.stderr
        assert "- `bi-developer`: title BI Developer → BI Dev" in diff.stdout
        changed = run_cli("validate", "--changed=HEAD", "--no-warnings", path, cwd=cwd)
        assert changed.returncode == 0, changed.stderr


def test_a_ref_with_a_line_break_is_one_line_on_stderr(tmp_path: Path) -> None:
    """Git's error quotes the ref: a line break in it must not start a workflow command."""
    from conftest import run_cli

    result = run_cli("validate", "--changed", "x\n::error file=roles/a.yaml,title=owned::Injected", str(tmp_path))
    assert result.returncode == 2
    assert not any(line.startswith("::") for line in result.stderr.splitlines()), result.stderr


def test_the_ref_side_is_read_as_stored_and_capped(repo: Path) -> None:
    """The ref's .gitattributes cannot rewrite what diff compares (export-subst), and a file over the
    loaders' cap at the ref is reported as not loading without being read."""
    role = repo / "roles" / "bi-developer.yaml"
    _edit(role, "title: BI Developer\nfamily", "title: \"Dev $Format:%H$\"\nfamily")
    (repo / ".gitattributes").write_text("roles/*.yaml export-subst\n", encoding="utf-8")
    (repo / "roles" / "big.yaml").write_bytes(b"# " + b"x" * (600 * 1024) + b"\n")
    commit(repo, "hostile ref")
    (repo / "roles" / "big.yaml").unlink()
    result = run_cli("diff", "HEAD", str(repo))
    assert result.returncode == 0, result.stderr
    assert "Removed role" not in result.stdout, result.stdout
    assert "title" not in result.stdout, result.stdout  # the same title on both sides: $Format was not expanded
    assert "At `HEAD`, 1 file(s) did not load" in result.stdout, result.stdout
