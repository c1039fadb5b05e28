"""Kiosk configuration: the sample file, defaults, errors naming key and value, tokens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import main, parse_args, resolve_config
from kiosk.config import PROJECT_DIR, ConfigError, default_config, load_config, parse_config
from queue_server.client.discovery import find_demo_token


def test_the_sample_file_is_valid_and_documented() -> None:
    config = load_config(PROJECT_DIR / "config" / "kiosk.toml")
    assert (config.hall, config.kiosk_id, config.kiosk_digit, config.idle_seconds) == (
        "qixia", "K1", 1, 60,
    )  # fmt: skip
    assert config.devices.printer == "sim" and config.screen_size == (1080, 1920)
    assert "#" in (PROJECT_DIR / "config" / "kiosk.toml").read_text(encoding="utf-8")


def test_no_file_means_the_sample_district_centre_with_simulated_devices() -> None:
    config = default_config()
    assert config.hall == "qixia" and config.idle_seconds == 60
    assert (config.devices.idcard, config.devices.scanner, config.devices.printer) == (
        "sim", "sim", "sim",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"kiosk": {"idle_seconds": 5}}, "key 'idle_seconds' has value 5"),
        ({"kiosk": {"orientation": "sideways"}}, "key 'orientation' has value 'sideways'"),
        ({"kiosk": {"digit": 12}}, "key 'digit' has value 12"),
        ({"server": {"url": "127.0.0.1:8600"}}, "key 'url' has value '127.0.0.1:8600'"),
        ({"devices": {"paper_width_mm": 76}}, "key 'paper_width_mm' has value 76"),
        ({"devices": {"scanners": "sim"}}, "unknown key 'devices.scanners'"),
        ({"printer": {}}, "unknown table [printer]"),
        ({"kiosk": "K1"}, "key 'kiosk' has value 'K1'"),
        ({"kiosk": {"timezone": "Mars/Olympus"}}, "key 'timezone' has value 'Mars/Olympus'"),
        ({"kiosk": {"timezone": "Asia"}}, "key 'timezone' has value 'Asia'"),  # a folder
        ({"kiosk": {"timezone": "asia/shanghai"}}, "key 'timezone' has value 'asia/shanghai'"),
        ({"kiosk": {"timezone": ""}}, "key 'timezone' has value ''"),
        ({"kiosk": {"timezone": 8}}, "key 'timezone' has value 8"),
    ],
)
def test_bad_values_are_named_with_their_key(document: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match="kiosk.toml") as caught:
        parse_config(document, "kiosk.toml")
    assert message in str(caught.value)


def test_the_halls_time_zone_is_read_and_defaults_to_shanghai() -> None:
    urumqi = parse_config({"kiosk": {"timezone": "Asia/Urumqi"}}, "kiosk.toml")
    assert (urumqi.timezone, urumqi.zone.key) == ("Asia/Urumqi", "Asia/Urumqi")
    assert parse_config({}, "kiosk.toml").zone.key == "Asia/Shanghai"
    assert load_config(PROJECT_DIR / "config" / "kiosk.toml").timezone == "Asia/Shanghai"
    assert default_config().timezone == "Asia/Shanghai"


def test_an_unknown_time_zone_is_one_line_naming_file_key_and_value(
    tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\ntimezone = "Asia/Beijing"\n', encoding="utf-8")
    assert main(["--config", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"hall-kiosk: {path} [kiosk]: key 'timezone' has value 'Asia/Beijing': "
        "expected a time zone name such as 'Asia/Shanghai'\n"
    )


def test_a_broken_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk\nhall = 'qixia'", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(tmp_path / "missing.toml")


def test_main_reports_a_bad_file_and_exits_2(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[devices]\nscanner = ""\n', encoding="utf-8")
    assert main(["--config", str(path)]) == 2
    assert "key 'scanner' has value ''" in capsys.readouterr().err


def test_the_demo_token_is_found_beside_the_server_database(tmp_path: Path) -> None:
    tokens = tmp_path / "demo-tokens.json"
    tokens.write_text(json.dumps({"server": "http://127.0.0.1:9999", "kiosk": {"qixia": "T"}}))
    assert find_demo_token("kiosk", "qixia", [tmp_path / "none.json", tokens]) == (
        "T", "http://127.0.0.1:9999",
    )  # fmt: skip
    assert find_demo_token("kiosk", "maqun", [tokens]) is None
    config = resolve_config(parse_args(["--demo-tokens", str(tokens)]))
    assert (config.token, config.server_url) == ("T", "http://127.0.0.1:9999")
    explicit = resolve_config(parse_args(["--token", "X", "--orientation", "landscape"]))
    assert explicit.token == "X" and explicit.screen_size == (1920, 1080)


def test_hall_kiosk_starts_to_its_home_screen(live_server: Any, tmp_path: Path) -> None:
    tokens = live_server.db_path.with_name("demo-tokens.json")
    assert tokens.exists(), "queue-server init writes demo-tokens.json beside the database"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\njournal = "{tmp_path / "j.db"}"\n', encoding="utf-8")
    command = [sys.executable, "-m", "kiosk.app", "--config", str(config), "--windowed",
               "--exit-when-ready", "--demo-tokens", str(tokens),
               "--server", live_server.url]  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ready ")
    assert "Traceback" not in done.stderr
