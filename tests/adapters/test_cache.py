"""The parsed-record cache: stale stamps, corruption, concurrent writers, invalidation."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cskb.adapters import cache
from cskb.adapters.cache import RecordCache, stamp
from cskb.checks import runner

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REVIEW = "reviews/2026-11-09/ana-reviews-bo.md"


@pytest.fixture
def no_racy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache entries at once (the 2 s racy window would keep just-written files out)."""
    monkeypatch.setattr(cache, "RACY_NS", 0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every review file `cskb check` really parses (not served from the cache)."""
    seen: list[str] = []
    real = runner._check_file

    def spy(kb, path, complete, ctx):
        seen.append(kb.rel(path))
        return real(kb, path, complete, ctx)

    monkeypatch.setattr(runner, "_check_file", spy)
    return seen


@pytest.fixture
def reviewed_kb(kb: Path, cli) -> Path:
    assert cli("pair").exit_code == 0
    for name, target in (
        ("valid.md", "ana-reviews-bo.md"),
        ("valid-draft.md", "bo-reviews-ana.md"),
    ):
        dest = kb / "reviews" / "2026-11-09" / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / name, dest)
    time.sleep(0.02)  # past the file clock's tick, so a rewrite gets a new ctime
    return kb


def check_json(cli, env: dict[str, str] | None = None) -> list[dict]:
    r = cli("check", "--format", "json", env=env)
    assert r.exit_code in (0, 1), r.stderr
    # the playbook cards `init` seeds are never verified: their warnings are not the subject
    return [f for f in json.loads(r.stdout) if not f["path"].startswith("playbook/")]


def uncached(cli) -> list[dict]:
    return check_json(cli, {"CSKB_NO_CACHE": "1"})


def shards(kb: Path, name: str = "check") -> list[Path]:
    return sorted((kb / ".cskb" / "cache" / name).glob("*.json"))


def rewrite_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Edit in place (same inode), same size, then put the old mtime back (`touch -r`)."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data
    with path.open("r+b") as fh:
        fh.write(data.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


def test_unchanged_files_are_served_from_the_cache(reviewed_kb: Path, cli, no_racy, parses):
    first = check_json(cli)
    assert REVIEW in parses and shards(reviewed_kb)
    parses.clear()
    assert check_json(cli) == first
    assert parses == []  # nothing parsed again
    assert first == uncached(cli)


def test_same_size_same_mtime_rewrite_is_caught(reviewed_kb: Path, cli, no_racy, parses):
    assert not any(f["rule"] == "unknown-member" for f in check_json(cli))
    rewrite_keeping_size_and_mtime(reviewed_kb / REVIEW, b"reviewer: ana", b"reviewer: zed")
    parses.clear()
    found = check_json(cli)
    assert parses == [REVIEW]  # the ctime changed, so only that file is read again
    assert any(f["rule"] == "unknown-member" and f["path"] == REVIEW for f in found)
    assert found == uncached(cli)


def test_replaced_file_with_forged_stamp_is_caught(reviewed_kb: Path, cli, no_racy):
    """`cp -p`-like: a new file (new inode) moved over the old one, with the old mtime."""
    path = reviewed_kb / REVIEW
    check_json(cli)
    before = path.stat()
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(path.read_bytes().replace(b"reviewer: ana", b"reviewer: zed"))
    os.utime(tmp, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(tmp, path)
    assert any(f["rule"] == "unknown-member" for f in check_json(cli))


def test_deleted_and_renamed_files(reviewed_kb: Path, cli, no_racy):
    check_json(cli)
    (reviewed_kb / "reviews/2026-11-09/bo-reviews-ana.md").unlink()
    os.rename(reviewed_kb / REVIEW, reviewed_kb / "reviews/2026-11-09/x.md")
    found = check_json(cli)
    assert {f["path"] for f in found} <= {"reviews/2026-11-09/x.md"}
    assert any(f["rule"] == "file-location" for f in found)
    assert found == uncached(cli)
    entries = json.loads(shards(reviewed_kb)[0].read_bytes().partition(b"\n")[2])
    assert set(entries) == {"reviews/2026-11-09/x.md"}  # the gone files were pruned


def test_racy_files_are_not_cached(reviewed_kb: Path, cli):
    """Without the test override: files written within the racy window are never stored."""
    check_json(cli)
    for shard in shards(reviewed_kb):
        assert json.loads(shard.read_bytes().partition(b"\n")[2]) == {}


def test_future_stamps_are_not_cached(reviewed_kb: Path, cli, no_racy):
    """Clock skew: a file dated in the future is never cached."""
    future = time.time_ns() + 3600 * 10**9
    os.utime(reviewed_kb / REVIEW, ns=(future, future))
    check_json(cli)
    entries = json.loads(shards(reviewed_kb)[0].read_bytes().partition(b"\n")[2])
    assert REVIEW not in entries and "reviews/2026-11-09/bo-reviews-ana.md" in entries


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip", "empty"])
def test_corrupt_cache_file_is_discarded(reviewed_kb: Path, cli, no_racy, parses, damage):
    expected = check_json(cli)
    shard = shards(reviewed_kb)[0]
    data = shard.read_bytes()
    if damage == "truncate":
        shard.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        shard.write_bytes(b"\x00\xff not json at all \x80")
    elif damage == "flip":  # still valid JSON, but the checksum no longer matches
        i = next(i for i in range(data.index(b"\n"), len(data)) if data[i : i + 1].isdigit())
        digit = b"1" if data[i : i + 1] != b"1" else b"2"
        shard.write_bytes(data[:i] + digit + data[i + 1 :])
    else:
        shard.write_bytes(b"")
    parses.clear()
    assert check_json(cli) == expected
    assert REVIEW in parses  # re-read, not trusted
    head = json.loads(shard.read_bytes().partition(b"\n")[0])
    assert head["magic"] == "cskb-cache"  # and rewritten whole


def test_well_formed_cache_with_a_bad_shape_is_discarded(reviewed_kb: Path, cli, no_racy, parses):
    """A correct checksum over a payload of the wrong shape is not trusted either."""
    expected = check_json(cli)
    shard = shards(reviewed_kb)[0]
    head, _, payload = shard.read_bytes().partition(b"\n")
    entries = json.loads(payload)
    entries[REVIEW][4] = [[["not a line", 1, 2, 3]], None]  # a finding of the wrong types
    forged = json.dumps(entries).encode()
    header = json.loads(head)
    header["blake2b"] = hashlib.blake2b(forged, digest_size=32).hexdigest()
    shard.write_bytes(json.dumps(header).encode() + b"\n" + forged)
    parses.clear()
    assert check_json(cli) == expected
    assert REVIEW in parses


def test_config_change_invalidates(reviewed_kb: Path, cli, no_racy, parses):
    before = check_json(cli)
    toml = reviewed_kb / "cskb.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('"tags", "status"]', '"tags", "status", "mood"]'),
        encoding="utf-8",
    )
    parses.clear()
    after = check_json(cli)
    assert len(parses) == 2
    assert any(f["rule"] == "missing-field" and "mood" in f["message"] for f in after)
    assert after != before and after == uncached(cli)


def test_roster_change_invalidates(reviewed_kb: Path, cli, no_racy, parses):
    check_json(cli)
    team = reviewed_kb / "team.yaml"
    team.write_text(
        team.read_text(encoding="utf-8").replace("handle: bo\n", "handle: bob\n"), encoding="utf-8"
    )
    parses.clear()
    after = check_json(cli)
    assert len(parses) == 2
    assert any(f["rule"] == "unknown-member" and "'bo'" in f["message"] for f in after)
    assert after == uncached(cli)


def test_cycle_change_invalidates(reviewed_kb: Path, cli, no_racy, parses):
    check_json(cli)
    cycle = next((reviewed_kb / "cycles").glob("*.yaml"))
    cycle.write_text(cycle.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    parses.clear()
    check_json(cli)
    assert len(parses) == 2


def test_version_change_invalidates(reviewed_kb: Path, cli, no_racy, parses, monkeypatch):
    check_json(cli)
    monkeypatch.setattr(cache, "__version__", "99.0")
    parses.clear()
    check_json(cli)
    assert len(parses) == 2


@pytest.mark.parametrize("env", [{"CSKB_NO_CACHE": "1"}, {"CI": "true"}])
def test_no_cache_and_ci_write_nothing(reviewed_kb: Path, cli, no_racy, parses, env):
    check_json(cli, env)
    check_json(cli, env)
    assert len(parses) == 4
    assert not (reviewed_kb / ".cskb" / "cache").exists()


def test_symlinked_record_is_never_cached(reviewed_kb: Path, cli, no_racy, tmp_path: Path):
    outside = tmp_path / "outside.md"
    shutil.copyfile(CORPUS / "valid.md", outside)
    link = reviewed_kb / "reviews" / "2026-11-09" / "link.md"
    link.symlink_to(outside)
    assert stamp(link) is None
    check_json(cli)
    entries = json.loads(shards(reviewed_kb)[0].read_bytes().partition(b"\n")[2])
    assert "reviews/2026-11-09/link.md" not in entries and REVIEW in entries


def test_symlinked_cache_folder_turns_the_cache_off(reviewed_kb: Path, cli, no_racy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (reviewed_kb / ".cskb").mkdir(exist_ok=True)
    (reviewed_kb / ".cskb" / "cache").symlink_to(elsewhere, target_is_directory=True)
    expected = uncached(cli)
    assert check_json(cli) == expected
    assert list(elsewhere.iterdir()) == []


def test_status_review_list_tags_and_pair_match_uncached(reviewed_kb: Path, cli, no_racy):
    runs = [
        ("status", "--json"),
        ("review", "list", "--json"),
        ("tags", "--json"),
        ("call", "list", "--json"),
        ("cycles", "--json"),
        ("pair", "--dry-run", "--json"),
    ]
    for args in runs:
        cold = cli(*args)
        warm = cli(*args)
        off = cli(*args, env={"CSKB_NO_CACHE": "1"})
        assert cold.exit_code == warm.exit_code == off.exit_code == 0, (args, cold.stderr)
        assert cold.stdout == warm.stdout == off.stdout, args
    assert shards(reviewed_kb, "reviews") and shards(reviewed_kb, "cycles")


def test_status_sees_a_review_completed_in_place(reviewed_kb: Path, cli, no_racy):
    def draft_count() -> int:
        data = json.loads(cli("review", "list", "--json").stdout)
        return sum(r["status"] == "draft" for r in data)

    assert draft_count() == 1
    path = reviewed_kb / "reviews/2026-11-09/bo-reviews-ana.md"
    rewrite_keeping_size_and_mtime(path, b"status: draft", b"status: drafX")
    assert draft_count() == 0


# -- the module itself --------------------------------------------------------------------


def test_version_and_key_separate_caches(tmp_path: Path, monkeypatch):
    st = (1, 2, 3, 4)
    a = RecordCache.open(tmp_path, "t", "key-a")
    a.put("x/y", st, [1])
    a.save()
    assert RecordCache.open(tmp_path, "t", "key-a").get("x/y", st, list) == [1]
    assert RecordCache.open(tmp_path, "t", "key-b").get("x/y", st, list) is None
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert RecordCache.open(tmp_path, "t", "key-a").get("x/y", st, list) is None


def test_a_value_that_fails_its_decoder_discards_the_shard(tmp_path: Path):
    st = (1, 2, 3, 4)
    c = RecordCache.open(tmp_path, "t", "k")
    c.put("x/a", st, "text")
    c.put("x/b", st, 7)
    c.save()
    d = RecordCache.open(tmp_path, "t", "k")

    def as_int(v: object) -> int:
        if type(v) is not int:
            raise TypeError("not an int")
        return v

    assert d.get("x/a", st, as_int) is None
    assert d.get("x/b", st, as_int) is None  # the whole shard went with it


WRITER = """
import sys, time
from pathlib import Path
from cskb.adapters.cache import RecordCache
state, me, rounds = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
for r in range(rounds):
    c = RecordCache.open(state, "t", "k")
    for i in range(200):
        c.put(f"d/{me}-{i}", (i, 1, 1, i), {"writer": me, "round": r, "text": "x" * 50})
    c.save()
"""

READER = """
import sys, json
from pathlib import Path
from cskb.adapters.cache import RecordCache
state, rounds = Path(sys.argv[1]), int(sys.argv[2])
bad = 0
for _ in range(rounds):
    c = RecordCache.open(state, "t", "k")
    shard = c._shard("d")
    for rel, entry in shard.items():
        if not (isinstance(entry[4], dict) and entry[4].get("text") == "x" * 50):
            bad += 1
print(bad)
"""


def test_concurrent_writers_never_leave_a_torn_file(tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(n), "15"], env=env)
        for n in range(4)
    ]
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(tmp_path), "60"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert all(w.wait(timeout=120) == 0 for w in writers)
    out, _ = reader.communicate(timeout=120)
    assert reader.returncode == 0 and out.strip() == "0"
    folder = tmp_path / "cache" / "t"
    assert [p.name for p in folder.iterdir()] == ["d.json"]  # no temp files left behind
    final = RecordCache.open(tmp_path, "t", "k")._shard("d")
    # the last writer's entries are all there, whole (the others' may be lost: only slower)
    writers_seen = {e[4]["writer"] for e in final.values()}
    assert writers_seen and all(
        sum(e[4]["writer"] == w for e in final.values()) >= 200 for w in writers_seen
    )


def test_through_all_serves_hits_runs_misses_together_and_keeps_what_it_may(
    tmp_path: Path, no_racy
):
    folder = tmp_path / "recs"
    folder.mkdir()
    files = []
    for name in ("a", "b", "c", "d"):
        (folder / f"{name}.txt").write_text(name * 3, encoding="utf-8")
        files.append((folder / f"{name}.txt", f"recs/{name}.txt"))
    state = tmp_path / ".cskb"
    batches: list[list[str]] = []

    def run(fn, paths):
        batches.append([p.name for p in paths])
        return [fn(p) for p in paths]

    def read(path: Path) -> str:
        return path.read_text(encoding="utf-8")

    def through(c: RecordCache) -> list[str]:
        return c.through_all(
            files, read, str, lambda _p: str, run=run, keep=lambda v: not v.startswith("c")
        )

    first = RecordCache.open(state, "t", "k")
    assert through(first) == ["aaa", "bbb", "ccc", "ddd"]
    first.save()
    second = RecordCache.open(state, "t", "k")
    (folder / "b.txt").write_text("BBBB", encoding="utf-8")  # changed: computed again
    assert through(second) == ["aaa", "BBBB", "ccc", "ddd"]
    assert batches == [["a.txt", "b.txt", "c.txt", "d.txt"], ["b.txt", "c.txt"]]  # c not kept
