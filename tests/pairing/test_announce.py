"""Slack announcements against a real local HTTP server: every member, once, whole, escaped,
within Block Kit's limits, however large the team."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cskb.adapters.fsio import atomic_write
from cskb.kb.roster import dump_roster, load_roster
from cskb.models import AwayWindow, Member
from cskb.pairing import announce
from tests.helpers import WebhookServer, git

AWAY = AwayWindow(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _team(n: int, pad: int = 0) -> list[Member]:
    members = []
    for i in range(n):
        long = "x" * (pad or (i % 7) * 40)
        name = f"Member {i:03d} & <Sons> {long}".strip()  # some are long
        if i % 5 == 0:
            name = f"成员{i:03d} 陈晨"
        members.append(
            Member(
                f"m{i:03d}",
                name,
                f"m{i:03d}@example.com",
                ("emea", "apac", "amer")[i % 3],
                "csm",
                None,
                away=(AWAY,) if i % 13 == 7 else (),
                slack_id=f"U{i:06d}X" if i % 2 == 0 else "",
            )
        )
    return members


def _token(m: Member) -> str:
    return f"<@{m.slack_id}>" if m.slack_id else announce.escape(f"{m.name} (@{m.handle})")


def _texts(block: dict) -> list[str]:
    out = []
    if "text" in block and isinstance(block["text"], dict):
        out.append(block["text"]["text"])
    for element in block.get("elements", []):
        out.append(element["text"])
    return out


@pytest.mark.parametrize("size", [2, 41, 250])
def test_every_member_appears_exactly_once(kb: Path, cli, size: int):
    members = _team(size)
    atomic_write(kb / "team.yaml", dump_roster(members))
    git(kb, "commit", "-qam", "test: a bigger team")
    assert load_roster(kb / "team.yaml") == members  # slack_id round-trips
    with WebhookServer() as hook:
        r = cli("pair", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": hook.url})
        assert r.exit_code == 0, r.stderr
        posts = list(hook.received)
    assert posts, "something was posted"
    texts: list[str] = []
    for payload in posts:
        assert len(payload["blocks"]) <= 50
        assert payload["blocks"][0]["type"] == "header"
        for block in payload["blocks"]:
            for t in _texts(block):
                assert len(t) <= 3000
                texts.append(t)
    everything = "\n".join(texts)
    for m in members:
        assert everything.count(_token(m)) == 1, (
            f"{m.handle} appears {everything.count(_token(m))} times"
        )
    away = [m for m in members if m.away]
    if away:
        assert "Away this cycle" in everything
    assert "cskb call submit" in everything, "the call reminder is there"
    assert "&amp; &lt;Sons&gt;" in everything and "<Sons>" not in everything
    stripped = everything
    for m in members:
        stripped = stripped.replace(f"<@{m.slack_id}>", "") if m.slack_id else stripped
    assert "<" not in stripped and ">" not in stripped, "only mentions are Slack markup"
    cycle = json.loads(cli("cycle", "show", "--json").stdout)
    grouped = [h for g in cycle["groups"] for h in g["members"]]
    assert sorted(grouped + cycle["away"]) == sorted(m.handle for m in members)


def test_a_failed_part_says_how_many_went_through(kb: Path, cli):
    members = _team(250, pad=300)
    atomic_write(kb / "team.yaml", dump_roster(members))
    git(kb, "commit", "-qam", "test: a bigger team")
    assert cli("pair").exit_code == 0
    from cskb.pairing.cycles import get_cycle

    cycle = get_cycle(kb / "cycles", None, dt.date(2026, 11, 22))
    message = announce.build(cycle, members)
    assert len(message.messages) >= 2
    with WebhookServer() as hook:
        hook.status = 400
        result = announce.post(hook.url, message)
    assert not result.ok and result.status == 400 and result.posted == 0
    assert len(hook.received) == 1, "stops at the first failure"
    with WebhookServer() as hook:
        result = announce.post(hook.url, message)
    assert result.ok and result.posted == len(message.messages) == len(hook.received)
    heads = [p["blocks"][0]["text"]["text"] for p in hook.received]
    assert heads[-1].endswith(f"({len(heads)}/{len(heads)})")


def test_post_message_is_generic(kb: Path):
    with WebhookServer() as hook:
        result = announce.post_message(hook.url, "reviews due tomorrow", [])
        assert result.ok and result.posted == 1
    assert hook.received == [{"text": "reviews due tomorrow"}]


def test_bad_slack_id_names_the_member_and_field(kb: Path, cli):
    text = (kb / "team.yaml").read_text(encoding="utf-8")
    (kb / "team.yaml").write_text(
        text.replace("handle: ana\n", "handle: ana\n  slack_id: '@ana'\n", 1), encoding="utf-8"
    )
    r = cli("team", "list")
    assert r.exit_code == 2
    assert "(ana): slack_id '@ana' is not a Slack member id" in r.stderr


def _big_cycle(kb: Path, cli):
    members = _team(450, pad=300)
    atomic_write(kb / "team.yaml", dump_roster(members))
    git(kb, "commit", "-qam", "test: a bigger team")
    assert cli("pair").exit_code == 0
    from cskb.pairing.cycles import get_cycle

    return get_cycle(kb / "cycles", None, dt.date(2026, 11, 22)), members


def test_a_retry_posts_only_the_parts_not_yet_through(kb: Path, cli):
    """Part 2 fails: the retry starts at part 2, so every part reaches the channel once."""
    from cskb.kb.layout import open_kb
    from cskb.pairing import delivery

    cycle, members = _big_cycle(kb, cli)
    message = announce.build(cycle, members)
    total = len(message.messages)
    assert total >= 3
    k = open_kb(kb)
    with WebhookServer() as hook:
        hook.replies = [200, 500]
        first = delivery.deliver(k, hook.url, message)
        assert not first.result.ok and first.result.posted == 1 and first.skipped == 0
        assert f"after 1 of {total} messages" in first.result.detail
        assert delivery.already_posted(k.state_dir, hook.url, message) == 1
        assert "hooks" not in (kb / ".cskb" / "announce" / f"{cycle.id}.json").read_text()
        hook.replies = [200, 503]
        second = delivery.deliver(k, hook.url, message)
        assert not second.result.ok and second.skipped == 1 and second.result.posted == 2
        assert f"after 2 of {total} messages" in second.result.detail
        third = delivery.deliver(k, hook.url, message)
        assert third.result.ok and third.skipped == 2 and third.result.posted == total
    heads = [p["blocks"][0]["text"]["text"] for p in hook.received]
    ok = [heads[0], heads[2], *heads[4:]]  # the 500 and 503 replies were to parts 2 and 3
    assert ok == [m.blocks[0]["text"]["text"] for m in message.messages]
    assert not (kb / ".cskb" / "announce" / f"{cycle.id}.json").exists()
    with WebhookServer() as hook:  # announcing again later: every part again
        assert delivery.deliver(k, hook.url, message).skipped == 0
        assert len(hook.received) == total


def test_another_webhook_or_a_changed_announcement_is_posted_whole(kb: Path, cli):
    from cskb.kb.layout import open_kb
    from cskb.pairing import delivery

    cycle, members = _big_cycle(kb, cli)
    message = announce.build(cycle, members)
    k = open_kb(kb)
    with WebhookServer() as hook:
        hook.replies = [200, 500]
        delivery.deliver(k, hook.url, message)
        assert delivery.already_posted(k.state_dir, hook.url, message) == 1
        assert delivery.already_posted(k.state_dir, hook.url + "2", message) == 0
        changed = announce.build(cycle, [*members[:-1]])
        assert delivery.already_posted(k.state_dir, hook.url, changed) == 0
        state = kb / ".cskb" / "announce" / f"{cycle.id}.json"
        for bad in (b"", b"{", b'{"digest": 1, "posted": 1}', b"[]", b"x" * 10_000):
            state.write_bytes(bad)
            assert delivery.already_posted(k.state_dir, hook.url, message) == 0
        good = json.dumps({"digest": delivery._digest(hook.url, message), "posted": 99})
        state.write_text(good, encoding="utf-8")  # more parts than there are: not trusted
        assert delivery.already_posted(k.state_dir, hook.url, message) == 0


def test_announce_cli_says_it_resumed(kb: Path, cli, webhook):
    cycle, _ = _big_cycle(kb, cli)
    env = {"CSKB_SLACK_WEBHOOK_URL": webhook.url}
    webhook.replies = [200, 500]
    r = cli("announce", cycle.id, env=env)
    assert r.exit_code == 2 and "not posted again" in r.stderr
    r = cli("announce", cycle.id, env=env)
    assert r.exit_code == 0 and "an earlier attempt had posted the others" in r.stdout
