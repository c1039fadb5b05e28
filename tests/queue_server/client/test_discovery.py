"""Finding the demo tokens and the server address: which file wins, what is skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from queue_server.client import discovery
from queue_server.client.discovery import (
    DEFAULT_SERVER,
    TOKENS_FILE,
    demo_token_files,
    demo_token_search,
    find_demo_token,
)
from tests.fixtures.live_server import LiveServer


def write(path: Path, content: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_first_file_holding_the_token_wins(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.json", "{not json")
    other_hall = write(tmp_path / "a.json", {"server": "http://a:1", "kiosk": {"maqun": "KA"}})
    first = write(tmp_path / "b.json", {"server": "http://b:2", "kiosk": {"qixia": "KB"}})
    later = write(tmp_path / "c.json", {"server": "http://c:3", "kiosk": {"qixia": "KC"}})
    files = [tmp_path / "missing.json", broken, other_hall, first, later]
    assert find_demo_token("kiosk", "qixia", files) == ("KB", "http://b:2")
    assert find_demo_token("kiosk", "maqun", files) == ("KA", "http://a:1")
    assert find_demo_token("kiosk", "yaohua", files) is None


def test_the_role_picks_the_token_and_a_missing_server_is_the_default(tmp_path: Path) -> None:
    tokens = write(tmp_path / "t.json", {"kiosk": {"qixia": "K"}, "display": {"qixia": "D"}})
    assert find_demo_token("display", "qixia", [tokens]) == ("D", DEFAULT_SERVER)
    assert find_demo_token("kiosk", "qixia", [tokens]) == ("K", DEFAULT_SERVER)
    assert find_demo_token("clerk", "qixia", [tokens]) is None


@pytest.mark.parametrize("content", [[1, 2], {"kiosk": ["qixia"]}, {"kiosk": {"qixia": ""}}])
def test_odd_files_are_skipped(tmp_path: Path, content: Any) -> None:
    assert find_demo_token("kiosk", "qixia", [write(tmp_path / "t.json", content)]) is None


def test_the_search_covers_every_place_a_program_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discovery, "PROJECT_DIR", tmp_path / "project")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda name: str(tmp_path / name))
    extra = tmp_path / "given.json"
    assert demo_token_files([extra]) == [
        extra,
        tmp_path / "project" / "var" / "demo-tokens.json",
        tmp_path / "hall-queue" / "demo-tokens.json",
        tmp_path / "queue-server" / "demo-tokens.json",
    ]
    write(tmp_path / "queue-server" / "demo-tokens.json", {"display": {"qixia": "OLD"}})
    assert find_demo_token("display", "qixia") == ("OLD", DEFAULT_SERVER)
    write(tmp_path / "hall-queue" / "demo-tokens.json", {"display": {"qixia": "SERVER"}})
    assert find_demo_token("display", "qixia") == ("SERVER", DEFAULT_SERVER)
    write(tmp_path / "project" / "var" / "demo-tokens.json", {"display": {"qixia": "DEMO"}})
    assert find_demo_token("display", "qixia") == ("DEMO", DEFAULT_SERVER)


def test_the_server_writes_what_the_search_finds(live_server_session: Any) -> None:
    tokens = live_server_session.db_path.with_name("demo-tokens.json")
    kiosk = find_demo_token("kiosk", "qixia", [tokens])
    display = find_demo_token("display", "longtan", [tokens])
    assert kiosk is not None and display is not None
    assert kiosk[1] == display[1] and kiosk[1].startswith("http://127.0.0.1:")


def accepted(server: str, token: str) -> bool:
    """The server answers a device request made with `token`."""
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{server}/api/halls/qixia/services", headers=headers, timeout=10).is_success


def test_serve_demo_writes_the_port_it_serves_on_and_follows_a_move(tmp_path: Path) -> None:
    db = tmp_path / "queue.db"  # a new database: `serve --demo` creates it
    first = LiveServer(db, extra_args=["--demo"])
    assert first.port != 8600
    try:
        first.start()
        found = find_demo_token("kiosk", "qixia", [db.with_name(TOKENS_FILE)])
        assert found is not None and found[1] == first.url
        assert accepted(first.url, found[0])  # the token found is one this server accepts
    finally:
        first.stop()
    moved = LiveServer(db)  # the same database served on another port, without --demo
    try:
        moved.start()
        again = find_demo_token("display", "qixia", [db.with_name(TOKENS_FILE)])
        assert again is not None and again[1] == moved.url != first.url
    finally:
        moved.stop()


def test_kiosk_and_board_given_the_server_db_find_the_tokens_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.app import parse_args as kiosk_args
    from kiosk.app import resolve_config
    from ui.display.app import parse_args as board_args
    from ui.display.app import resolve

    # an older demo's file in a usual place: never taken when --db names the server's database
    write(tmp_path / "project" / "var" / TOKENS_FILE, {"kiosk": {"qixia": "OLD"}})
    monkeypatch.setattr(discovery, "PROJECT_DIR", tmp_path / "project")
    db = tmp_path / "trial" / "hall.db"
    db.parent.mkdir()
    server = LiveServer(db, extra_args=["--demo"]).start()
    try:
        kiosk = resolve_config(kiosk_args(["--db", str(db)]))
        assert kiosk.server_url == server.url and accepted(server.url, kiosk.token)
        _, board = resolve(board_args(["--db", str(db.parent), "--hall", "qixia"]))
        assert board.server == server.url and accepted(server.url, str(board.token))
    finally:
        server.stop()
    assert find_demo_token("kiosk", "qixia") == ("OLD", DEFAULT_SERVER)  # what it found before


def test_a_named_place_is_the_only_place_searched(tmp_path: Path) -> None:
    db = tmp_path / "a" / "queue.db"
    given = tmp_path / "b" / "tokens.json"
    assert demo_token_search(given, db) == [given, tmp_path / "a" / TOKENS_FILE]
    assert demo_token_search(database=tmp_path) == [tmp_path / TOKENS_FILE]
    assert demo_token_search() == demo_token_files()
