from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from ui.display.config import QuietPeriod, load_config, parse_config
from ui.display.errors import DisplayConfigError

SAMPLE = Path(__file__).resolve().parents[3] / "config" / "display.toml"


def test_sample_config_loads() -> None:
    config = load_config(SAMPLE)
    assert config.hall == "qixia"
    assert config.voice.repeat == 2
    assert config.voice.quiet_hours == (QuietPeriod(time(18, 0), time(8, 30)),)
    assert config.stale_after_seconds == 5
    assert (config.voice.clip_dir / "qing.wav").is_file()


def test_quiet_hours_cross_midnight() -> None:
    config = parse_config({"voice": {"quiet_hours": ["22:00-07:00", "12:00-13:30"]}})
    quiet = config.voice.is_quiet
    assert quiet(time(23, 30)) and quiet(time(6, 59)) and quiet(time(12, 15))
    assert not quiet(time(7, 0)) and not quiet(time(9, 0)) and not quiet(time(13, 30))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"voice": {"repeat": 0}}, "key 'repeat' has value 0, expected 1-5"),
        ({"voice": {"volume": "loud"}}, "key 'volume' has value 'loud', expected int"),
        ({"voice": {"quiet_hours": ["noon"]}}, "quiet_hours entry 'noon'"),
        ({"orientation": "sideways"}, "key 'orientation' has value 'sideways'"),
        ({"stale_after_seconds": True}, "key 'stale_after_seconds' has value True"),
        ({"timezone": "Mars/Olympus"}, "unknown zone 'Mars/Olympus'"),
        ({"timezone": "Asia"}, "unknown zone 'Asia'"),  # a folder of zones
        ({"voice": {"windows": "30-1"}}, "key 'windows' has value '30-1', expected e.g. '1-30'"),
    ],
)
def test_bad_values_are_named(data: dict, message: str) -> None:
    with pytest.raises(DisplayConfigError, match="display.toml") as info:
        parse_config(data, "display.toml")
    assert message in str(info.value)


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "display.toml"
    path.write_text("hall = ", encoding="utf-8")
    with pytest.raises(DisplayConfigError, match=str(path)):
        load_config(path)


def test_a_voice_zone_speaks_for_its_windows_only() -> None:
    zone = parse_config({"voice": {"windows": "31-60"}}).voice
    assert zone.windows == (31, 60)
    assert zone.speaks_for(31) and zone.speaks_for(60) and not zone.speaks_for(30)
    assert parse_config({}).voice.speaks_for(999)  # no zone: every window
