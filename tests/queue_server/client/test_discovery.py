"""Finding the demo tokens and the server address: which file wins, what is skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from queue_server.client import discovery
from queue_server.client.discovery import DEFAULT_SERVER, demo_token_files, find_demo_token


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
