"""`[platform]` in district.toml: read into PlatformSettings; bad values name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_server.config_loader import SAMPLE_PATH, load_district, load_platform
from queue_server.engine.errors import ConfigError

TABLE = """
[platform]
feed_url = "https://yuyue.example.gov.cn/api/queue/bookings"
outcomes_url = "https://yuyue.example.gov.cn/api/queue/outcomes"
app_key = "qixia-hall"
interval_seconds = 30
page_size = 200
"""


def district_with(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "district.toml"
    path.write_text(SAMPLE_PATH.read_text(encoding="utf-8") + table, encoding="utf-8")
    return path


def test_the_platform_table_is_read(tmp_path: Path) -> None:
    path = district_with(tmp_path, TABLE)
    settings = load_platform(path)
    assert settings is not None
    assert settings.feed_url.endswith("/bookings") and settings.app_key == "qixia-hall"
    assert (settings.interval_seconds, settings.page_size, settings.attempts) == (30, 200, 4)
    assert load_district(path).halls  # the district itself still loads


def test_without_the_table_there_is_no_pull_sync() -> None:
    assert load_platform(SAMPLE_PATH) is None


@pytest.mark.parametrize(
    ("change", "key", "says"),
    [
        ('feed_url = "http://yuyue.example.gov.cn/feed"', "platform.feed_url", "https://"),
        ("page_size = 0", "platform.page_size", "at least 1"),
        ("interval = 30", "platform.interval", "unknown key"),
        ('timeout_seconds = "10"', "platform.timeout_seconds", "a number"),
    ],
)
def test_a_bad_value_names_its_key(tmp_path: Path, change: str, key: str, says: str) -> None:
    name = change.split(" = ")[0]
    lines = [line for line in TABLE.splitlines() if not line.startswith(name + " ")]
    path = district_with(tmp_path, "\n".join([*lines, change]) + "\n")
    with pytest.raises(ConfigError) as caught:
        load_platform(path)
    assert key in str(caught.value) and says in str(caught.value)


def test_plain_http_is_allowed_to_this_machine_only(tmp_path: Path) -> None:
    table = TABLE.replace("https://yuyue.example.gov.cn", "http://127.0.0.1:8700")
    settings = load_platform(district_with(tmp_path, table))
    assert settings is not None and settings.feed_url.startswith("http://127.0.0.1:8700")
