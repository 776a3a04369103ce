"""Rolebook reads only regular files and folders inside the project: never through a symbolic link,
never a FIFO or a device, never more than the size cap, and a refusal never quotes the file.

Links, FIFOs and devices cannot be stored in the invalid corpus, so each case is built in tmp_path.
Cases that would hang or exhaust memory on a reader without these guards run in a subprocess with
a timeout and an address-space limit."""

from __future__ import annotations

import json
import os
import resource
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rolebook.cli import main

GOLDEN = Path(__file__).parent / "data" / "golden-project"
ROLEBOOK = Path(sys.executable).with_name("rolebook")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(GOLDEN, dest)
    return dest


def validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(root), "--no-warnings"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def validate_limited(root: Path, *, timeout: float = 30, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`rolebook validate` with at most 1 GiB of address space and a timeout: a reader that follows
    a FIFO hangs, one that reads a device to the end runs out of memory, and both fail the test."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([str(ROLEBOOK), "validate", str(root), "--no-warnings"], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit, env=env)


def _link_to_copy(root: Path, rel: str, outside: Path) -> None:
    """Move `rel` out of the project and leave a symbolic link to it: the content itself is valid."""
    target = outside / rel.replace("/", "_")
    shutil.move(root / rel, target)
    (root / rel).symlink_to(target)


@pytest.mark.parametrize("rel, code", [
    ("roles/compensation/pay.csv", "not-a-regular-file"),
    ("site_config/skills/all.yaml", "not-a-regular-file"),
    ("site_config/site.yaml", "not-a-regular-file"),
    ("roles/bi-developer.yaml", "not-a-regular-file"),
    ("roles", "not-a-regular-folder"),
    ("roles/compensation", "not-a-regular-folder"),
    ("site_config", "not-a-regular-folder"),
    ("site_config/skills", "not-a-regular-folder"),
])
def test_a_link_to_valid_content_outside_is_refused(rel: str, code: str, root: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    _link_to_copy(root, rel, outside)
    status, out = validate(root, capsys)
    assert status == 1, out
    assert f"{rel}: error {code}: is a symbolic link" in out
    assert "    hint: replace the link with the" in out
    assert "Traceback" not in out


def test_a_role_linked_to_another_file_inside_roles_is_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # inside the project, even inside roles/: still a link (today's loader accepted these)
    shutil.move(root / "roles" / "bi-developer.yaml", root / "roles" / ".bi-developer.yaml")
    (root / "roles" / "bi-developer.yaml").symlink_to(".bi-developer.yaml")
    status, out = validate(root, capsys)
    assert status == 1
    assert "roles/bi-developer.yaml: error not-a-regular-file: is a symbolic link" in out


def test_a_link_to_a_secret_never_shows_its_contents(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "ci-token"
    secret.write_text("GITHUB_TOKEN=ghp_s3cr3t-value\n", encoding="utf-8")
    (root / "roles" / "compensation" / "leak.csv").symlink_to(secret)
    (root / "roles" / "leak.yaml").symlink_to(secret)
    (root / "site_config" / "skills" / "leak.yaml").symlink_to(secret)
    status, out = validate(root, capsys)
    assert status == 1
    assert "ghp_s3cr3t" not in out and "GITHUB_TOKEN" not in out
    for rel in ("roles/compensation/leak.csv", "roles/leak.yaml", "site_config/skills/leak.yaml"):
        assert f"{rel}: error not-a-regular-file: is a symbolic link" in out


def test_a_link_to_proc_environ_does_not_print_the_environment(root: Path) -> None:
    (root / "roles" / "compensation" / "env.csv").symlink_to("/proc/self/environ")
    env = dict(os.environ, ROLEBOOK_TEST_CI_TOKEN="tok-0d5e1f7c")
    result = validate_limited(root, env=env)
    assert result.returncode == 1
    assert "tok-0d5e1f7c" not in result.stdout + result.stderr
    assert "roles/compensation/env.csv: error not-a-regular-file: is a symbolic link" in result.stdout


@pytest.mark.parametrize("rel", ["roles/compensation/pipe.csv", "roles/pipe.yaml", "site_config/skills/pipe.yaml"])
def test_a_fifo_is_refused_without_blocking(rel: str, root: Path) -> None:
    os.mkfifo(root / rel)
    result = validate_limited(root)
    assert result.returncode == 1, result.stderr
    assert f"{rel}: error not-a-regular-file: is a named pipe (FIFO)" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_link_to_dev_zero_is_refused_without_reading(root: Path) -> None:
    (root / "roles" / "compensation" / "zero.csv").symlink_to("/dev/zero")
    (root / "roles" / "zero.yaml").symlink_to("/dev/zero")
    result = validate_limited(root)
    assert result.returncode == 1, result.stderr
    assert "roles/compensation/zero.csv: error not-a-regular-file: is a symbolic link" in result.stdout
    assert "roles/zero.yaml: error not-a-regular-file: is a symbolic link" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_device_is_refused_without_reading(root: Path) -> None:
    node = root / "roles" / "zero.yaml"
    try:
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # the same device as /dev/zero
    except PermissionError:
        pytest.skip("creating a device node needs root")
    result = validate_limited(root)
    assert result.returncode == 1, result.stderr
    assert "roles/zero.yaml: error not-a-regular-file: is a device" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_huge_file_is_refused_without_reading_it(root: Path) -> None:
    with open(root / "roles" / "huge.yaml", "wb") as handle:
        handle.truncate(8 << 30)  # sparse: 8 GiB that take no disk
    result = validate_limited(root)
    assert result.returncode == 1, result.stderr
    assert "roles/huge.yaml: error file-too-large" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_file_growing_past_the_cap_while_read_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The file is small when it is opened and grows with every read: the reader stops at the cap."""
    from rolebook.load.yaml_reader import MAX_BYTES

    role = root / "roles" / "growing.yaml"
    role.write_text("title: Growing\n", encoding="utf-8")
    inode = role.stat().st_ino
    real_read = os.read
    read = {"bytes": 0}

    def growing_read(fd: int, n: int) -> bytes:
        if os.fstat(fd).st_ino == inode:
            with open(role, "ab") as handle:
                handle.write(b"# more\n" * (n // 7 + 1))
            data = real_read(fd, n)
            read["bytes"] += len(data)
            return data
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", growing_read)
    status, out = validate(root, capsys)
    assert status == 1
    assert "roles/growing.yaml: error file-too-large" in out
    assert MAX_BYTES < read["bytes"] <= MAX_BYTES + 1


def test_a_refused_file_is_not_quoted_but_a_regular_one_may_be(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A regular CSV in the project: its own wrong header is quoted, which helps the editor.
    (root / "roles" / "compensation" / "own.csv").write_text("rol,level\n", encoding="utf-8")
    status, out = validate(root, capsys)
    assert status == 1 and "own.csv:1: error csv-header: unexpected header: rol,level" in out


AUDIT = """
import json, os, sys
from pathlib import Path
from rolebook.changes import changed_scope
from rolebook.pipeline import check

root = Path(sys.argv[1])
opened = []
watching = [True]

def audit(event, args):
    if watching[0] and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append((os.fsdecode(args[0]), args[2] if isinstance(args[2], int) else 0))

sys.addaudithook(audit)
check(root)
scope = changed_scope(root, "HEAD")
check(root, scope)
watching[0] = False
print(json.dumps({"opened": opened, "everything": scope.everything, "roles": sorted(scope.roles)}))
"""


def test_no_content_file_is_opened_through_a_link(root: Path, tmp_path: Path) -> None:
    """Every open() while checking a project, whole or --changed, either refuses links (O_NOFOLLOW) or
    names a path with no link on the way: the loaders, the check signature and the --changed scope
    all read through one gate. (An audit hook sees each open; it runs in its own process.)"""
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=T"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], cwd=root, check=True)
    secret = tmp_path / "secret.csv"
    secret.write_text("data-analyst,bi-developer\n", encoding="utf-8")
    for rel in ("roles/compensation/leak.csv", "roles/leak.yaml"):
        (root / rel).symlink_to(secret)
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", AUDIT, str(root)], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).parent.parent)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert not seen["everything"] and "data-analyst" in seen["roles"]
    opened = [(path, flags) for path, flags in seen["opened"]]
    assert any("data-analyst.yaml" in path for path, _ in opened), "the audit saw no content file opened"
    repo = Path(__file__).parent.parent  # the audit's cwd: Python's own imports open relative paths here
    followed = [path for path, flags in opened if not flags & os.O_NOFOLLOW
                and (path.startswith(str(root)) and os.path.realpath(path) != path
                     or not os.path.isabs(path) and not path.startswith("__editable__")
                     and (path.startswith(("roles", "site_config")) or not (repo / path).exists()))]
    assert not followed, followed


def test_new_never_writes_through_a_link(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`rolebook new` writes roles/<id>.yaml inside the project only: a linked roles/ is refused, and so is
    a dangling link where the new file would go (it would create a file wherever the link points)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.move(root / "roles", outside / "roles")
    (root / "roles").symlink_to(outside / "roles")
    before = sorted(os.listdir(outside / "roles"))
    code = main(["new", "prompt-engineer", "--title", "Prompt Engineer", "--path", str(root)])
    output = capsys.readouterr().err
    assert code == 1 and "Traceback" not in output and "link" in output, output
    assert sorted(os.listdir(outside / "roles")) == before
    (root / "roles").unlink()
    shutil.move(outside / "roles", root / "roles")
    (root / "roles" / "prompt-engineer.yaml").symlink_to(outside / "planted.yaml")
    code = main(["new", "prompt-engineer", "--title", "Prompt Engineer", "--path", str(root)])
    output = capsys.readouterr().err
    assert code == 1 and "Traceback" not in output, output
    assert not (outside / "planted.yaml").exists()


def test_schema_commands_never_follow_a_link(tmp_path: Path) -> None:
    """`rolebook schema` replaces a linked schema file instead of writing through it, and `--check`
    neither follows a link nor blocks on a FIFO."""
    from conftest import copy_project, run_cli

    project = copy_project(tmp_path / "project", roles=False)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    schema = project / "site_config" / "schema" / "role.schema.json"
    schema.unlink()
    schema.symlink_to(victim)
    fifo = project / "site_config" / "schema" / "site.schema.json"
    fifo.unlink()
    os.mkfifo(fifo)
    check = run_cli("schema", "--check", str(project))
    assert check.returncode == 1 and "role.schema.json: stale or missing" in check.stderr, check.stderr
    assert "site.schema.json: stale or missing" in check.stderr
    written = run_cli("schema", str(project))
    assert written.returncode == 0, written.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not schema.is_symlink() and schema.read_text(encoding="utf-8").startswith("{")
    assert run_cli("schema", "--check", str(project)).returncode == 0


@pytest.mark.parametrize("rel", ["content/env.txt", "content/linked/page.md", "overrides/assets/leak.txt"])
def test_linked_pages_and_assets_are_never_published(rel: str, tmp_path: Path) -> None:
    """MkDocs copies content/ and the project's theme folder (custom_dir) itself: a link there (to
    /proc/self/environ, .git/config, a folder outside) stops the build instead of publishing what it points at."""
    from conftest import copy_small_project, run_cli

    project = copy_small_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    (project / "overrides" / "assets").mkdir(parents=True)
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("TOKEN=hunter2\n", encoding="utf-8")
    (secret.parent / "page.md").write_text("# TOKEN=hunter2\n", encoding="utf-8")
    link = project / rel
    if rel == "content/linked/page.md":
        link = project / "content" / "linked"
        link.symlink_to(secret.parent)
    else:
        link.symlink_to(secret)
    result = run_cli("build", str(project))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "is a symbolic link or not a regular file" in result.stderr and "hunter2" not in result.stderr + result.stdout
    site = project / "site"
    assert not site.exists() or "hunter2" not in "".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def test_a_hand_written_page_at_a_generated_address_is_a_clash(tmp_path: Path) -> None:
    """`content/roles/data-analyst.md` builds to the guide's address: refused, not silently dropped."""
    from conftest import copy_small_project, run_cli

    project = copy_small_project(tmp_path / "project")
    (project / "content" / "roles").mkdir()
    (project / "content" / "roles" / "data-analyst.md").write_text("# Mine\n", encoding="utf-8")
    result = run_cli("build", str(project))
    assert result.returncode == 1 and "content/roles/data-analyst.md clashes with a page Rolebook generates" in result.stderr
