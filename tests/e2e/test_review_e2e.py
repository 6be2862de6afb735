"""A whole cycle through the CLI in a real git repo, with a stub editor as $EDITOR."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import git

EVIDENCE = {
    "en": "Opened with a shared agenda on screen, asked the customer to add one item, and kept to time throughout.",
    "ja": "冒頭でアジェンダを画面に共有し、顧客に議題を一つ追加してもらい、最後まで時間どおりに進めました。データ戦略の話も具体的でした。",
    "th": "เปิดการประชุมด้วยวาระที่ชัดเจนบนหน้าจอ ให้ลูกค้าเพิ่มหัวข้อหนึ่งข้อ และควบคุมเวลาได้ดีตลอดการประชุม เรื่องกลยุทธ์ข้อมูลชัดเจนมาก",
    "uk": "Почала з чіткого порядку денного на екрані, попросила клієнта додати один пункт і трималася часу до кінця розмови.",
    "no": "Åpnet med en tydelig agenda på skjermen, ba kunden legge til ett punkt og holdt tiden hele veien gjennom møtet.",
}


def stub_editor(tmp_path: Path, name: str, body: str) -> str:
    """A tiny editor program: Python run as $EDITOR with the file path as its argument."""
    script = tmp_path / f"{name}.py"
    script.write_text(
        f"#!{sys.executable}\nimport sys, os, re, signal\npath = sys.argv[-1]\n"
        + textwrap.dedent(body),
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


FILL = """
text = open(path, encoding="utf-8").read()
words = os.environ.get("STUB_TEXT", "Clear agenda and crisp next steps with owners and dates that the customer confirmed.")
for key in ("agenda", "control", "next_steps"):
    text = text.replace(f"  {key}: null", f"  {key}: 4")
text = re.sub(r"^_Replace this line.*$", lambda m: words, text, flags=re.M)
open(path, "w", encoding="utf-8").write(text)
"""


def test_whole_cycle(kb: Path, cli, tmp_path: Path):
    editor = stub_editor(tmp_path, "fill", FILL)
    assert cli("pair").exit_code == 0
    groups = json.loads(cli("cycle", "show", "--json").stdout)["groups"]
    members = [h for g in groups for h in g["members"]]
    for h in members:
        r = cli(
            "--as",
            h,
            "call",
            "submit",
            "--url",
            f"https://rec.example.com/{h}",
            "--customer",
            f"Customer of {h}",
            "--tags",
            "Data Strategy, renewal",
        )
        assert r.exit_code == 0, r.stderr
    for h in members:
        r = cli("--as", h, "review", "new", "--edit", env={"EDITOR": editor})
        assert r.exit_code == 0, r.stderr
        assert "committed" in r.stderr
    for h in members:
        reviewee = json.loads(cli("--as", h, "partner", "--json").stdout)["reviews"]
        r = cli("review", "done", f"{h}-reviews-{reviewee}")
        assert r.exit_code == 0, r.stderr
    listed = json.loads(cli("review", "list", "--json").stdout)
    assert len(listed) == 4 and {x["status"] for x in listed} == {"complete"}
    assert all(x["score"] == 75.0 for x in listed)  # 4 on 1-5 is (4-1)/(5-1) = 75
    assert all(x["tags"] == ["data strategy", "renewal"] for x in listed)
    assert git(kb, "status", "--porcelain") == ""
    log = git(kb, "log", "--format=%s")
    assert log.count("cskb: complete review") == 4 and log.count("cskb: call by") == 4
    assert cli("check").exit_code == 0
    tags = json.loads(cli("tags", "--json").stdout)
    assert {"tag": "data strategy", "reviews": 4, "calls": 4, "known": None} in tags


@pytest.fixture
def paired(kb: Path, cli):
    assert cli("pair").exit_code == 0
    me = "ana"
    partner = json.loads(cli("partner", "--json").stdout)["reviews"]
    r = cli(
        "--as",
        partner,
        "call",
        "submit",
        "--url",
        "https://rec.example.com/1",
        "--customer",
        'Acme: "Inc" #1',
    )
    assert r.exit_code == 0, r.stderr
    return me, partner


@pytest.mark.parametrize("lang", sorted(EVIDENCE))
def test_languages_round_trip_byte_for_byte(kb: Path, cli, tmp_path: Path, paired, lang):
    me, partner = paired
    editor = stub_editor(tmp_path, "fill", FILL)
    r = cli("review", "new", "--edit", env={"EDITOR": editor, "STUB_TEXT": EVIDENCE[lang]})
    assert r.exit_code == 0, r.stderr
    path = kb / "reviews" / "2026-11-09" / f"{me}-reviews-{partner}.md"
    written = path.read_bytes()
    assert EVIDENCE[lang].encode() in written
    noop = stub_editor(tmp_path, "noop", "pass\n")
    assert cli("review", "edit", path.stem, "--edit", env={"EDITOR": noop}).exit_code == 0
    assert path.read_bytes() == written
    assert cli("review", "done", path.stem).exit_code == 0, cli("review", "done", path.stem).stderr
    done = path.read_bytes()
    assert done == written.replace(b"status: draft", b"status: complete")


def test_yaml_breaking_customer_is_stored_as_data(kb: Path, cli, paired):
    me, partner = paired
    assert cli("review", "new", "--no-edit").exit_code == 0
    out = json.loads(cli("review", "show", f"{me}-reviews-{partner}", "--json").stdout)
    assert out["customer"] == 'Acme: "Inc" #1'
    assert out["meta"]["call"]["customer"] == 'Acme: "Inc" #1'


def test_reviewing_someone_not_your_partner_warns(kb: Path, cli, paired):
    me, partner = paired
    other = next(h for h in ("bo", "chen", "dana") if h != partner)
    r = cli(
        "review",
        "new",
        "--reviewee",
        other,
        "--no-edit",
        "--call",
        "https://rec.example.com/x",
        "--customer",
        "X",
    )
    assert r.exit_code == 0
    assert "is not whom ana reviews" in r.stderr
    assert (kb / "reviews" / "2026-11-09" / f"ana-reviews-{other}.md").exists()


def test_reviewee_without_a_call(kb: Path, cli):
    assert cli("pair").exit_code == 0
    r = cli("review", "new", "--no-edit")
    assert (
        r.exit_code == 2
        and "has not submitted a call" in r.stderr
        and "cskb call submit" in r.stderr
    )
    assert not list((kb / "reviews").rglob("*.md"))


@pytest.mark.parametrize(
    "url", ["ftp://x/y", "javascript:alert(1)", "recording.mp4", "https://", "http:// x"]
)
def test_call_url_must_be_http(kb: Path, cli, url):
    assert cli("pair").exit_code == 0
    r = cli("call", "submit", "--url", url, "--customer", "Acme")
    assert r.exit_code == 2 and "--url" in r.stderr and "http(s)" in r.stderr
    assert not list((kb / "calls").rglob("*.yaml"))


def test_resubmitting_a_call_replaces_it_with_a_warning(kb: Path, cli):
    assert cli("pair").exit_code == 0
    assert (
        cli("call", "submit", "--url", "https://a.example.com/1", "--customer", "A").exit_code == 0
    )
    r = cli("call", "submit", "--url", "https://a.example.com/2", "--customer", "B")
    assert r.exit_code == 0 and "replaced" in r.stderr
    calls = json.loads(cli("call", "list", "--json").stdout)
    assert len(calls) == 1 and calls[0]["url"] == "https://a.example.com/2"


def test_missing_editor_keeps_the_draft(kb: Path, cli, paired):
    me, partner = paired
    head = git(kb, "rev-parse", "HEAD")
    r = cli("review", "new", "--edit")  # no VISUAL/EDITOR in the test environment
    assert r.exit_code == 2
    assert "no editor: set $VISUAL or $EDITOR" in r.stderr
    assert f"cskb review edit {me}-reviews-{partner}" in r.stderr and "Traceback" not in r.stderr
    assert (kb / "reviews" / "2026-11-09" / f"{me}-reviews-{partner}.md").exists()
    assert git(kb, "rev-parse", "HEAD") == head


def test_editor_not_found(kb: Path, cli, paired):
    me, partner = paired
    r = cli("review", "new", "--edit", env={"EDITOR": "/nonexistent/editor --wait"})
    assert r.exit_code == 2 and "'/nonexistent/editor' was not found" in r.stderr
    assert (kb / "reviews" / "2026-11-09" / f"{me}-reviews-{partner}.md").exists()


def test_no_terminal_writes_and_commits_the_draft_and_says_what_next(kb: Path, cli, paired):
    me, partner = paired
    r = cli("review", "new")  # CliRunner is not a terminal: no editor, no --edit
    assert r.exit_code == 0, r.stderr
    assert "not a terminal, so no editor was opened" in r.stderr
    assert f"cskb review done {me}-reviews-{partner}" in r.stderr
    assert "score-missing" in r.stderr  # what is still missing
    assert git(kb, "log", "-1", "--format=%s").startswith(f"cskb: draft review {me} -> {partner}")


def test_editor_failing_keeps_what_was_typed(kb: Path, cli, tmp_path: Path, paired):
    me, partner = paired
    crash = stub_editor(
        tmp_path,
        "crash",
        """
with open(path, "a", encoding="utf-8") as fh:
    fh.write("\\nHalf a thought about the agenda, typed before the crash.\\n")
sys.exit(3)
""",
    )
    head = git(kb, "rev-parse", "HEAD")
    r = cli("review", "new", "--edit", env={"EDITOR": crash})
    assert r.exit_code == 2
    assert "the editor exited with status 3" in r.stderr and "kept on disk as a draft" in r.stderr
    assert f"cskb review edit {me}-reviews-{partner}" in r.stderr
    text = (kb / "reviews" / "2026-11-09" / f"{me}-reviews-{partner}.md").read_text(
        encoding="utf-8"
    )
    assert "Half a thought about the agenda" in text
    assert git(kb, "rev-parse", "HEAD") == head  # not committed
    noop = stub_editor(tmp_path, "noop", "pass\n")
    r = cli("review", "edit", f"{me}-reviews-{partner}", "--edit", env={"EDITOR": noop})
    assert r.exit_code == 0, r.stderr  # continuing commits the draft, text and all
    assert "Half a thought" in git(
        kb, "show", "HEAD:" + f"reviews/2026-11-09/{me}-reviews-{partner}.md"
    )


def test_broken_yaml_from_the_editor_is_not_committed(kb: Path, cli, tmp_path: Path, paired):
    me, partner = paired
    breaker = stub_editor(
        tmp_path,
        "breaker",
        """
text = open(path, encoding="utf-8").read().replace("status: draft", "status: [draft")
open(path, "w", encoding="utf-8").write(text)
""",
    )
    head = git(kb, "rev-parse", "HEAD")
    r = cli("review", "new", "--edit", env={"EDITOR": breaker})
    assert r.exit_code == 1
    assert "saved but not committed" in r.stderr and "cskb review edit" in r.stderr
    assert git(kb, "rev-parse", "HEAD") == head
    assert "status: [draft" in (
        kb / "reviews" / "2026-11-09" / f"{me}-reviews-{partner}.md"
    ).read_text(encoding="utf-8")


def test_ctrl_c_in_the_editor_keeps_the_draft(kb: Path, cli, tmp_path: Path, paired):
    me, partner = paired
    interrupter = stub_editor(
        tmp_path,
        "interrupt",
        """
with open(path, "a", encoding="utf-8") as fh:
    fh.write("\\nNotes typed before Ctrl-C.\\n")
signal.signal(signal.SIGINT, signal.SIG_DFL)  # die of it, as most programs do
os.killpg(os.getpgid(0), signal.SIGINT)  # what the terminal does on Ctrl-C
import time; time.sleep(5)
""",
    )
    env = dict(os.environ, EDITOR=interrupter)
    head = git(kb, "rev-parse", "HEAD")
    proc = subprocess.run(
        [sys.executable, "-m", "cskb", "review", "new", "--edit"],
        cwd=kb,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert proc.returncode == 130, proc.stderr
    assert "stopped by SIGINT" in proc.stderr and "kept on disk as a draft" in proc.stderr
    assert "cskb review edit" in proc.stderr and "Traceback" not in proc.stderr
    assert git(kb, "rev-parse", "HEAD") == head
    text = (kb / "reviews" / "2026-11-09" / f"{me}-reviews-{partner}.md").read_text(
        encoding="utf-8"
    )
    assert "Notes typed before Ctrl-C." in text


def test_review_new_never_overwrites(kb: Path, cli, paired):
    me, partner = paired
    assert cli("review", "new", "--no-edit").exit_code == 0
    path = kb / "reviews" / "2026-11-09" / f"{me}-reviews-{partner}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nmine\n", encoding="utf-8")
    r = cli("review", "new", "--no-edit")
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert path.read_text(encoding="utf-8").endswith("\nmine\n")


def test_done_refuses_incomplete_and_names_what_is_missing(kb: Path, cli, paired):
    me, partner = paired
    assert cli("review", "new", "--no-edit").exit_code == 0
    r = cli("review", "done", f"{me}-reviews")
    assert r.exit_code == 1 and "score-missing" in r.stderr and "placeholder-left" in r.stderr
    assert "status: draft" in (
        kb / "reviews" / "2026-11-09" / f"{me}-reviews-{partner}.md"
    ).read_text(encoding="utf-8")


def test_ids_resolve_by_prefix_and_path(kb: Path, cli, paired):
    me, partner = paired
    assert cli("review", "new", "--no-edit").exit_code == 0
    assert (
        cli("review", "show", f"reviews/2026-11-09/{me}-reviews-{partner}.md", "--json").exit_code
        == 0
    )
    r = cli("review", "show", "nobody-reviews")
    assert r.exit_code == 2 and "no review matches" in r.stderr


def test_unknown_tag_with_vocabulary_suggests(kb: Path, cli):
    cfg = kb / "cskb.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "vocabulary = []", 'vocabulary = ["data strategy", "renewal"]'
        ),
        encoding="utf-8",
    )
    assert cli("pair").exit_code == 0
    r = cli(
        "call",
        "submit",
        "--url",
        "https://a.example.com/1",
        "--customer",
        "A",
        "--tags",
        "data stratgy",
    )
    assert r.exit_code == 2 and "did you mean 'data strategy'" in r.stderr


def test_coffee_done(kb: Path, cli):
    assert cli("pair").exit_code == 0
    r = cli("coffee", "done", "--note", "talked through the agenda opener")
    assert r.exit_code == 0, r.stderr
    files = list((kb / "coffee" / "2026-11-09").glob("*.yaml"))
    assert len(files) == 1 and "ana" in files[0].name
    status = json.loads(cli("status", "--json").stdout)
    assert any(g["coffee"] for g in status["groups"] if "ana" in g["members"])
