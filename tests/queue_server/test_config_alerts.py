"""`[alerts]` and `[halls.ID.alerts]` in the district file: thresholds and manager contacts, a
hall's own falling back to the district's, a bad number refused with its key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_server.config_loader import SAMPLE_PATH, load_district, load_notify
from queue_server.engine.alerts import Thresholds
from queue_server.engine.errors import ConfigError


def district_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "district.toml"
    path.write_text(SAMPLE_PATH.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_without_alerts_the_defaults_and_nobody_to_tell() -> None:
    config = load_notify().alerts
    assert config.thresholds == Thresholds() and config.recipients_for("qixia") == ()


def test_a_hall_overrides_the_district(tmp_path: Path) -> None:
    path = district_with(
        tmp_path,
        '\n[alerts]\nrecipients = ["139 1111 2222"]\nqueue_length = 20\n'
        '\n[halls.maqun.alerts]\nrecipients = ["+8613800001111"]\nidle_minutes = 2\n',
    )
    load_district(path)  # the district file still loads with the new tables
    config = load_notify(path).alerts
    assert config.recipients_for("qixia") == ("13911112222",)
    assert config.recipients_for("maqun") == ("13800001111",)
    assert config.thresholds_for("maqun") == Thresholds(queue_length=20, idle_minutes=2)
    assert config.thresholds_for("qixia").queue_length == 20


def test_a_bad_number_names_its_key(tmp_path: Path) -> None:
    path = district_with(tmp_path, '\n[alerts]\nrecipients = ["12345"]\n')
    with pytest.raises(ConfigError, match=r"alerts\.recipients\[0\]"):
        load_notify(path)
