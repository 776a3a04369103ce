"""Output folders never destroy anything: only a folder Rolebook made is replaced, a kill at any step
leaves the old or the new tree (the next run repairs the rest), workers stop with the build, and an
operational fault is one line and a non-zero exit."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

MARKER = ".rolebook-output"


def _tree(path: Path) -> dict[str, tuple[int, int]]:
    """Every entry under path with its size and mtime (folders too): any change shows."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            st = p.lstat()
            out[str(p.relative_to(path))] = (st.st_size if not stat.S_ISDIR(st.st_mode) else 0, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The charts drawn once for this module: the builds here test folders, not charts."""
    root = copy_project(tmp_path_factory.mktemp("warm") / "project")
    assert run_cli("build", str(root), "--pages-only", str(root.parent / "pages")).returncode == 0
    return root / ".cache"


@pytest.fixture
def scratch(tmp_path: Path, chart_cache: Path) -> Path:
    """A project as a user has it: a git repository, tests, a virtualenv, beside other folders."""
    root = copy_project(tmp_path / "project")
    shutil.copytree(chart_cache, root / ".cache")
    subprocess.run(["git", "init", "-q", "--", str(root)], check=True)
    (root / "tests").mkdir()
    (root / "tests" / "test_mine.py").write_text("def test_x():\n    pass\n", encoding="utf-8")
    (root / ".venv").mkdir()
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (tmp_path / "neighbour.txt").write_text("not the project's\n", encoding="utf-8")
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / ".bashrc").write_text("export PS1='$ '\n", encoding="utf-8")
    (home / "Documents" / "thesis.odt").write_text("years of work", encoding="utf-8")
    return root


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.mark.parametrize("option,where", [("--site-dir", w) for w in (".", "..", ".git", "tests", ".venv", "mkdocs.yml", "../home", "/")]
                         + [("--pages-only", w) for w in (".", "..", ".git", "mkdocs.yml")])  # the same check: a few are enough
def test_refuses_a_target_rolebook_did_not_make(scratch: Path, option: str, where: str) -> None:
    watched = scratch.parent if where != "/" else Path("/")
    before = _tree(watched) if where != "/" else sorted(os.listdir("/"))
    result = run_cli("build", option, where, cwd=scratch)
    after = _tree(watched) if where != "/" else sorted(os.listdir("/"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert _one_line(result.stderr).startswith("rolebook: refusing to replace ")
    assert after == before


@pytest.mark.parametrize("site_dir", [".", "..", ".git", "tests"])
def test_site_dir_in_mkdocs_yml_follows_the_same_rule(scratch: Path, site_dir: str) -> None:
    config = scratch / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", f"site_dir: {site_dir}"), encoding="utf-8")
    before = _tree(scratch.parent)
    result = run_cli("build", str(scratch))
    assert result.returncode == 2, result.stdout + result.stderr
    assert _one_line(result.stderr).startswith("rolebook: refusing to replace ")
    assert _tree(scratch.parent) == before


def test_pages_only_keeps_a_users_file(scratch: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    out.mkdir()
    (out / "notes.md").write_text("mine", encoding="utf-8")
    result = run_cli("build", str(scratch), "--pages-only", str(out))
    assert result.returncode == 2 and "it is not empty and Rolebook did not make it" in _one_line(result.stderr)
    assert sorted(os.listdir(out)) == ["notes.md"]
    # A folder Rolebook wrote, with a file the user added since, is not replaced either.
    (out / "notes.md").unlink()
    assert run_cli("build", str(scratch), "--pages-only", str(out)).returncode == 0
    (out / "docs" / "roles" / "my-draft.md").write_text("mine", encoding="utf-8")
    result = run_cli("build", str(scratch), "--pages-only", str(out))
    assert result.returncode == 2 and "it holds docs/roles/my-draft.md, which Rolebook did not write" in _one_line(result.stderr)
    assert (out / "docs" / "roles" / "my-draft.md").read_text(encoding="utf-8") == "mine"


def test_own_site_is_replaced_and_an_earlier_releases_site_adopted_once(scratch: Path) -> None:
    assert run_cli("build", str(scratch)).returncode == 0
    site = scratch / "site"
    listed = (site / MARKER).read_text(encoding="utf-8").splitlines()
    assert listed[0] == "rolebook-output 1" and '"index.html"' in listed and '"api/catalog.json"' in listed
    (site / MARKER).unlink()  # what a release before the marker left: recognised by its own files
    (site / "index.html").write_text("old", encoding="utf-8")
    result = run_cli("build", str(scratch))
    assert result.returncode == 0, result.stderr
    assert (site / MARKER).is_file() and (site / "index.html").read_text(encoding="utf-8") != "old"
    (site / "index.html").write_text("edited", encoding="utf-8")  # editing a file Rolebook wrote is fine
    assert run_cli("build", str(scratch)).returncode == 0
    # the tree replaced is kept, marked, as the start of the next build; nothing else is left beside the site
    assert [p.name for p in scratch.iterdir() if p.name.startswith(".site-")] == [".site-base"]
    assert (scratch / ".site-base" / MARKER).is_file()


def _run_with_umask(mask: int, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("rolebook")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300, umask=mask)


def test_output_folders_get_ordinary_permissions(scratch: Path, tmp_path: Path) -> None:
    assert _run_with_umask(0o022, "build", str(scratch)).returncode == 0
    assert stat.S_IMODE((scratch / "site").stat().st_mode) == 0o755
    assert _run_with_umask(0o027, "build", str(scratch), "--pages-only", str(tmp_path / "pages")).returncode == 0
    assert stat.S_IMODE((tmp_path / "pages").stat().st_mode) == 0o750


# --- a kill at each step of the swap --------------------------------------------------------------

KILLER = """
import os, signal, sys
from rolebook import output_dir
step, mode = sys.argv[1], sys.argv[2]
output_dir._checkpoint = lambda s: os.kill(os.getpid(), signal.SIGKILL) if s == step else None
if mode == "two-renames":
    output_dir._exchange = lambda a, b: False
from rolebook.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _killed_at(step: str, mode: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", KILLER, step, mode, *args], capture_output=True, text=True, timeout=300)


def _old_tree(path: Path) -> None:
    """A tree an earlier build wrote, as small as a tree can be: one listed file."""
    path.mkdir(parents=True)
    (path / "compare.md").write_text("OLD", encoding="utf-8")
    (path / MARKER).write_text('rolebook-output 1\n"compare.md"\n', encoding="utf-8")


def _leftovers(folder: Path, name: str) -> list[str]:
    """What a build left beside the target (the kept `.NAME-base` tree, marked, is not a leftover)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}-") and p.name != f".{name}-base")


def _complete(tree: Path) -> bool:
    listed = {line.strip('"') for line in (tree / MARKER).read_text(encoding="utf-8").splitlines()[1:]}
    return bool(listed) and all((tree / name).exists() for name in listed)


@pytest.mark.parametrize("mode,step", [("exchange", "staged"), ("exchange", "built"), ("exchange", "swapped"),
                                       ("two-renames", "built"), ("two-renames", "old-moved"), ("two-renames", "swapped")])
def test_a_kill_at_any_step_leaves_the_old_or_the_new_tree(scratch: Path, tmp_path: Path, mode: str, step: str) -> None:
    out = tmp_path / "pages"
    _old_tree(out)
    killed = _killed_at(step, mode, "build", str(scratch), "--pages-only", str(out))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if step == "old-moved":  # the one instant two renames leave no tree: the next run puts the old one back
        assert not out.exists()
        assert _killed_at("staged", mode, "build", str(scratch), "--pages-only", str(out)).returncode == -signal.SIGKILL
    swapped = step == "swapped"
    old = out / "compare.md"  # the new tree has docs/compare/index.md instead
    assert (old.is_file() and old.read_text(encoding="utf-8") == "OLD") is not swapped
    assert _complete(out)
    result = run_cli("build", str(scratch), "--pages-only", str(out))
    assert result.returncode == 0, result.stderr
    assert not old.exists() and (out / "docs" / "compare" / "index.md").is_file() and _complete(out)
    assert _leftovers(tmp_path, "pages") == []


def test_a_killed_site_build_is_cleaned_up_by_the_next(scratch: Path) -> None:
    _old_tree(scratch / "site")
    assert _killed_at("built", "exchange", "build", str(scratch)).returncode == -signal.SIGKILL
    assert (scratch / "site" / "compare.md").read_text(encoding="utf-8") == "OLD" and _leftovers(scratch, "site") != []
    assert run_cli("build", str(scratch)).returncode == 0
    assert (scratch / "site" / "index.html").is_file() and _leftovers(scratch, "site") == []


def test_a_second_build_waits_for_the_first(scratch: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a build writing into the same folder holds it
    exe = Path(sys.executable).with_name("rolebook")
    proc = subprocess.Popen([str(exe), "build", str(scratch), "--pages-only", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Under load the process may need many seconds to start: release the lock only once it says it waits.
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert "waiting for another build" in first, first
        time.sleep(1)
        assert proc.poll() is None and not out.exists()
    finally:
        os.close(fd)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0 and (out / MARKER).is_file(), stderr


# --- workers stop with the build ------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_build_leaves_no_workers_and_the_old_site(scratch: Path, sig: int) -> None:
    _old_tree(scratch / "site")
    exe = Path(sys.executable).with_name("rolebook")
    proc = subprocess.Popen([str(exe), "build", str(scratch), "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers |= _children(proc.pid)
        time.sleep(0.01)
    assert workers, "the build started no worker processes"
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)], "orphaned workers"
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM
        assert _one_line(stderr) == "rolebook: stopped (SIGTERM); previous site left as it was"
        assert _leftovers(scratch, "site") == []
    else:  # what SIGKILL left is marked as Rolebook's, so the next build removes it (tested above)
        assert all((scratch / name / MARKER).is_file() for name in _leftovers(scratch, "site"))
    assert (scratch / "site" / "compare.md").read_text(encoding="utf-8") == "OLD"


# --- operational faults: one line, non-zero, nothing damaged ---------------------------------------

def _make_read_only(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o555)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", "--", str(path)], capture_output=True).returncode:
        pytest.skip("running as root, where chmod does not stop writes, and chattr +i is unavailable here")


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", "--", str(path)], capture_output=True)
    path.chmod(0o755)


@pytest.mark.parametrize("what", ["site", "subfolder", "parent"])
def test_read_only_output_is_one_line(scratch: Path, tmp_path: Path, what: str) -> None:
    parent = tmp_path / "www"
    site = parent / "site"
    assert run_cli("build", str(scratch), "--site-dir", str(site)).returncode == 0
    locked = {"site": site, "subfolder": site / "roles", "parent": parent}[what]
    before = _tree(parent)
    _make_read_only(locked)
    try:
        result = run_cli("build", str(scratch), "--site-dir", str(site))
        after = _tree(parent)
    finally:
        _make_writable(locked)
    assert result.returncode == 2, result.stderr
    line = _one_line(result.stderr)
    assert line.startswith("rolebook: cannot ") and str(site) in line
    assert after == before


def test_a_file_where_the_parent_folder_should_be(scratch: Path, tmp_path: Path) -> None:
    (tmp_path / "www").write_text("a file", encoding="utf-8")
    result = run_cli("build", str(scratch), "--site-dir", str(tmp_path / "www" / "site"))
    assert result.returncode == 2
    assert _one_line(result.stderr) == (f"rolebook: cannot write {tmp_path / 'www' / 'site'}: {tmp_path / 'www'} is a file, "
                                        "not a folder; nothing was changed")


FULL_DISK = """
import errno, sys
import mkdocs.utils, pathlib
calls = [0]
real_site, real_text, real_bytes = mkdocs.utils.write_file, pathlib.Path.write_text, pathlib.Path.write_bytes
def full(real):
    def write(*args, **kwargs):
        calls[0] += 1
        if calls[0] > 20:
            raise OSError(errno.ENOSPC, "No space left on device", str(args[-1] if real is real_site else args[0]))
        return real(*args, **kwargs)
    return write
mkdocs.utils.write_file = full(real_site)
pathlib.Path.write_text = full(real_text)
pathlib.Path.write_bytes = full(real_bytes)
from rolebook.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("option", ["--site-dir", "--pages-only"])
def test_a_full_disk_is_one_line_and_keeps_the_old_output(scratch: Path, tmp_path: Path, option: str) -> None:
    out = tmp_path / "out"
    assert run_cli("build", str(scratch), option, str(out)).returncode == 0
    before = _tree(out)
    result = subprocess.run([sys.executable, "-c", FULL_DISK, "build", str(scratch), option, str(out), "--jobs", "1"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"rolebook: cannot write {out}: No space left on device")
    assert _tree(out) == before and _leftovers(tmp_path, "out") == []


@pytest.mark.parametrize("value", ["abc", "-1", "1700000000.5", "99999999999999999999", "", "١٧٠٠٠٠٠٠٠٠", "10000000000", "4294967296"])
def test_a_bad_source_date_epoch_is_one_line(scratch: Path, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    for command in (["build", str(scratch)], ["validate", str(scratch)])[:2 if value == "abc" else 1]:
        result = run_cli(*command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert _one_line(result.stderr).startswith(f"rolebook: SOURCE_DATE_EPOCH={value[:40]!r} is ")
    assert not (scratch / "site").exists()


def test_jobs_are_checked_and_capped(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("0", "-1", "many"):
        result = run_cli("build", str(scratch), "--jobs", value)
        assert result.returncode == 2 and "argument --jobs/-j: " in result.stderr and "from 1 to 32" in result.stderr
    (scratch / "roles" / "ai-engineer.yaml").write_text("id: [\n", encoding="utf-8")  # stop before any worker starts
    result = run_cli("build", str(scratch), "--jobs", "100000")
    assert result.returncode == 1 and result.stderr.startswith("rolebook: --jobs 100000 is more than 32; using 32\n")
    monkeypatch.setenv("ROLEBOOK_JOBS", "lots")
    result = run_cli("build", str(scratch))
    assert result.returncode == 2
    assert _one_line(result.stderr) == "rolebook: ROLEBOOK_JOBS='lots' is not a number of worker processes: use a whole number from 1 to 32"


@pytest.mark.parametrize("site_dir", [".git", "tests", "../home"])
def test_plain_mkdocs_build_follows_the_same_rule(scratch: Path, site_dir: str) -> None:
    """`mkdocs build` (and ProperDocs) run the plugin: it refuses the same targets before MkDocs cleans them."""
    config = scratch / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", f"site_dir: {site_dir}"), encoding="utf-8")
    (scratch / ".git" / "keep").write_text("history\n", encoding="utf-8")
    before = _tree(scratch.parent)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "-f", str(config)], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "refusing to replace" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert _tree(scratch.parent) == before


def _earlier_release_site(scratch: Path, where: Path) -> None:
    """A site as a release before the marker left it (built now, marker removed)."""
    assert run_cli("build", str(scratch), "--site-dir", str(where)).returncode == 0
    (where / MARKER).unlink()


@pytest.mark.parametrize("extra", [".git/HEAD", "CNAME", "my-thesis.docx", "photos/cat.jpg"])
def test_an_earlier_release_site_is_adopted_only_without_a_users_files(scratch: Path, tmp_path: Path, extra: str) -> None:
    """A gh-pages clone or a web root that looks like an old Rolebook site keeps .git, CNAME and documents."""
    www = tmp_path / "www"
    _earlier_release_site(scratch, www)
    (www / extra).parent.mkdir(parents=True, exist_ok=True)
    (www / extra).write_text("mine\n", encoding="utf-8")
    before = _tree(www)
    result = run_cli("build", str(scratch), "--site-dir", str(www))
    assert result.returncode == 2, result.stderr
    assert "looks like a site from an earlier Rolebook release but holds" in _one_line(result.stderr)
    assert _tree(www) == before and _leftovers(tmp_path, "www") == []
    # plain mkdocs (which would empty the folder itself) does not adopt at all
    config = scratch / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", f"site_dir: {www}"), encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    plain = subprocess.run([str(mkdocs), "build", "-f", str(config)], capture_output=True, text=True, timeout=300)
    assert plain.returncode != 0 and "refusing to replace" in plain.stderr, plain.stderr
    assert _tree(www) == before


def test_links_as_or_inside_a_target_are_refused(scratch: Path, tmp_path: Path) -> None:
    """A committed `site -> /elsewhere` or a link inside a marked site never leads a build outside."""
    elsewhere = tmp_path / "prod-site"
    _old_tree(elsewhere)
    (scratch / "site").symlink_to(elsewhere)
    result = run_cli("build", str(scratch))
    assert result.returncode == 2 and "it is a symbolic link" in _one_line(result.stderr)
    assert (elsewhere / "compare.md").read_text(encoding="utf-8") == "OLD"
    (scratch / "site").unlink()
    victim = tmp_path / "victim-ssh"
    victim.mkdir()
    (victim / "authorized_keys").write_text("ORIGINAL KEY\n", encoding="utf-8")
    site = scratch / "site"
    site.mkdir()
    (site / "x").symlink_to(victim)
    (site / MARKER).write_text('rolebook-output 1\n"x"\n', encoding="utf-8")
    (scratch / "content" / "x").mkdir()
    (scratch / "content" / "x" / "authorized_keys").write_text("ssh-ed25519 AAAA attacker\n", encoding="utf-8")
    for command in (["rolebook", "build", str(scratch)], ["mkdocs", "build", "-f", str(scratch / "mkdocs.yml")]):
        exe = Path(sys.executable).with_name(command[0])
        run = subprocess.run([str(exe), *command[1:]], capture_output=True, text=True, timeout=300)
        assert run.returncode != 0 and "it holds a symbolic link (x)" in run.stderr, run.stderr
        assert (victim / "authorized_keys").read_text(encoding="utf-8") == "ORIGINAL KEY\n"


def test_repair_leaves_a_users_copy_alone(scratch: Path) -> None:
    """Only Rolebook's own leftovers are repaired: a user's `.site-old-backup` (a marked copy with notes
    added) and a marked old tree holding a file its marker does not list stay."""
    assert run_cli("build", str(scratch)).returncode == 0
    backup = scratch / ".site-old-backup"
    shutil.copytree(scratch / "site", backup)
    (backup / "NOTES.txt").write_text("mine\n", encoding="utf-8")
    stale = scratch / ".site-old-4242"
    shutil.copytree(scratch / "site", stale)
    (stale / "NOTES.txt").write_text("mine too\n", encoding="utf-8")
    assert run_cli("build", str(scratch)).returncode == 0
    assert (backup / "NOTES.txt").is_file() and (stale / "NOTES.txt").is_file()


def test_a_plain_mkdocs_build_leaves_a_site_rolebook_may_replace(scratch: Path) -> None:
    assert run_cli("build", str(scratch)).returncode == 0
    (scratch / "content" / "newpage.md").write_text("# New page\n", encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    plain = subprocess.run([str(mkdocs), "build", "-f", str(scratch / "mkdocs.yml")], capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0, plain.stderr
    assert '"newpage/index.html"' in (scratch / "site" / MARKER).read_text(encoding="utf-8")
    result = run_cli("build", str(scratch))
    assert result.returncode == 0, result.stderr
