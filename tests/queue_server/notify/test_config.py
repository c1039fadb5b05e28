"""`[notify]` and `[halls.ID.notify]` in the district file: defaults, a hall's overrides over
the district's, and errors that name the file, key and value."""

from __future__ import annotations

import tomllib
from datetime import time
from pathlib import Path

import pytest

from queue_server.config_loader import SAMPLE_PATH, load_district, load_notify
from queue_server.config_notify import parse_notify
from queue_server.engine.errors import ConfigError
from queue_server.notify.rules import NotifyRules


def with_notify(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "district.toml"
    path.write_text(SAMPLE_PATH.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return path


def test_the_sample_logs_with_the_default_rules() -> None:
    config = load_notify()
    assert config.sender.kind == "log"
    assert config.rules_for("qixia") == NotifyRules()
    assert NotifyRules().ahead == 3


def test_a_hall_overrides_the_district_rules(tmp_path: Path) -> None:
    path = with_notify(
        tmp_path,
        """
[notify]
sender = "webhook"
url = "https://im.example.cn/hook"
public_url = "https://zw.example.cn/"
ahead = 5
reminder_day_before_at = "17:30"

[halls.yaohua.notify]
ahead = 2
called = false
""",
    )
    load_district(path)  # the district reader accepts the tables
    config = load_notify(path)
    assert config.sender.url == "https://im.example.cn/hook"
    assert config.public_url == "https://zw.example.cn"
    assert config.rules_for("qixia") == NotifyRules(ahead=5, reminder_day_before_at=time(17, 30))
    assert config.rules_for("yaohua") == NotifyRules(
        ahead=2, called=False, reminder_day_before_at=time(17, 30)
    )


@pytest.mark.parametrize(
    ("extra", "key", "problem"),
    [
        ('[notify]\nsender = "pigeon"', "notify.sender", "unknown sender 'pigeon'"),
        ('[notify]\nsender = "sms"', "notify.url", "needs an http(s) URL"),
        ("[notify]\nahead = -1", "notify.ahead", "at least 0"),
        ('[notify]\nreminder_day_before_at = "6pm"', "notify.reminder_day_before_at", "6pm"),
        ('[notify]\npublic_url = "zw.example.cn"', "notify.public_url", "http(s) URL"),
        ("[notify]\nahed = 3", "notify.ahed", "unknown key"),
        ('[halls.qixia.notify]\nsender = "sms"', "halls.qixia.notify.sender", "unknown key"),
    ],
)
def test_bad_values_name_the_key(extra: str, key: str, problem: str) -> None:
    data = tomllib.loads(SAMPLE_PATH.read_text(encoding="utf-8") + "\n" + extra)
    with pytest.raises(ConfigError) as raised:
        parse_notify(data, "district.toml")
    assert key in str(raised.value) and problem in str(raised.value)
