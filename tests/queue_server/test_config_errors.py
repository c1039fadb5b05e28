"""Every bad district file gives a ConfigError naming the file, the key and the value."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queue_server.config_loader import SAMPLE_PATH, load_district, parse_district
from queue_server.engine.errors import ConfigError

BASE = """
[district]
id = "test"
name = { zh = "测试区", en = "Test district" }

[defaults]
hours = [{ days = "mon-fri", open = "09:00", close = "17:00" }]

[categories]
HJ = { zh = "户籍", en = "Household registration" }
SB = { zh = "社保", en = "Social insurance" }

[services.HJ01]
name = { zh = "户口迁移", en = "Household registration transfer" }
category = "HJ"
prefix = "A"
id_required = true
expected_minutes = 15
daily_cap = 80

[services.SB01]
name = { zh = "社保参保登记", en = "Social insurance enrolment" }
category = "SB"
prefix = "B"
expected_minutes = 10

[halls.h1]
name = { zh = "一号大厅", en = "Hall one" }
level = "street"
address = { zh = "某路 1 号", en = "1 Some Road" }
services = ["HJ01"]

[[halls.h1.windows]]
number = 1
services = ["HJ01"]

[[halls.h1.windows]]
number = 2
services = ["HJ01"]
"""


def load(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "district.toml"
    path.write_text(text, encoding="utf-8")
    return load_district(path)


def fails(tmp_path: Path, text: str, key: str, *fragments: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'district.toml'}: {key}: "), message
    for fragment in fragments:
        assert fragment in message, message
    assert caught.value.key == key
    return caught.value


def test_the_base_file_is_valid(tmp_path: Path) -> None:
    district = load(tmp_path, BASE)
    assert [w.number for w in district.halls["h1"].windows] == [1, 2]
    assert district.services["SB01"].id_required is False


def test_unknown_service_in_a_hall(tmp_path: Path) -> None:
    text = BASE.replace('services = ["HJ01"]\n\n[[', 'services = ["HJ01", "XX99"]\n\n[[', 1)
    fails(tmp_path, text, "halls.h1.services[1]", "unknown service 'XX99'")


def test_unknown_service_in_a_window(tmp_path: Path) -> None:
    text = BASE.replace(
        'number = 2\nservices = ["HJ01"]', 'number = 2\nservices = ["HJ01", "XX99"]'
    )
    fails(tmp_path, text, "halls.h1.windows[1].services[1]", "unknown service 'XX99'")


def test_window_serving_a_service_its_hall_does_not_offer(tmp_path: Path) -> None:
    text = BASE.replace('number = 2\nservices = ["HJ01"]', 'number = 2\nservices = ["SB01"]')
    err = fails(tmp_path, text, "halls.h1.windows[1].services")
    assert err.problem == "service 'SB01' is not offered by hall 'h1'"


def test_duplicate_prefix_in_a_hall(tmp_path: Path) -> None:
    text = BASE.replace('prefix = "B"', 'prefix = "A"').replace(
        'services = ["HJ01"]\n\n[[', 'services = ["HJ01", "SB01"]\n\n[[', 1
    )
    fails(tmp_path, text, "halls.h1.services", "duplicate prefix 'A'", "'HJ01'", "'SB01'")


def test_the_same_prefix_in_different_halls_is_fine(tmp_path: Path) -> None:
    text = (
        BASE.replace('prefix = "B"', 'prefix = "A"')
        + """
[halls.h2]
name = { zh = "二号大厅", en = "Hall two" }
level = "community"
address = { zh = "某路 2 号", en = "2 Some Road" }
services = ["SB01"]
[[halls.h2.windows]]
number = 1
services = ["SB01"]
"""
    )
    assert set(load(tmp_path, text).halls) == {"h1", "h2"}


@pytest.mark.parametrize(
    ("bad", "key"),
    [
        ('open = "25:00"', "defaults.hours[0].open"),
        ('open = "9:00"', "defaults.hours[0].open"),
        ('open = "09:60"', "defaults.hours[0].open"),
        ('open = "noon"', "defaults.hours[0].open"),
    ],
)
def test_bad_times(tmp_path: Path, bad: str, key: str) -> None:
    value = bad.split('"')[1]
    fails(tmp_path, BASE.replace('open = "09:00"', bad), key, repr(value))


def test_toml_local_times_are_accepted(tmp_path: Path) -> None:
    district = load(tmp_path, BASE.replace('open = "09:00"', "open = 09:30:00"))
    assert district.halls["h1"].hours[0].open.isoformat() == "09:30:00"


def test_closing_before_opening(tmp_path: Path) -> None:
    text = BASE.replace('close = "17:00"', 'close = "08:00"')
    fails(tmp_path, text, "defaults.hours[0].close", "08:00", "09:00")


@pytest.mark.parametrize("days", ["monday-fri", "fri-mon", "", "mon;tue"])
def test_bad_days(tmp_path: Path, days: str) -> None:
    fails(tmp_path, BASE.replace('days = "mon-fri"', f'days = "{days}"'), "defaults.hours[0].days")


def test_hall_hours_override_defaults(tmp_path: Path) -> None:
    text = BASE.replace(
        'level = "street"',
        'level = "street"\nhours = [{ days = "sat", open = "08:30", close = "25:00" }]',
    )
    fails(tmp_path, text, "halls.h1.hours[0].close", "'25:00'")


def test_bad_level(tmp_path: Path) -> None:
    text = BASE.replace('level = "street"', 'level = "province"')
    fails(tmp_path, text, "halls.h1.level", "'province'", "district, street, park, community")


def test_duplicate_window_numbers(tmp_path: Path) -> None:
    text = BASE.replace("number = 2", "number = 1")
    fails(tmp_path, text, "halls.h1.windows[1].number", "duplicate window number 1")


def test_overlapping_window_ranges(tmp_path: Path) -> None:
    text = BASE.replace("number = 1\n", 'numbers = "1-3"\n', 1)
    fails(tmp_path, text, "halls.h1.windows[1].number", "duplicate window number 2")


@pytest.mark.parametrize("numbers", ["4-2", "0-2", "1..3", "a-b", "9998-10001", "١-٣"])
def test_bad_window_ranges(tmp_path: Path, numbers: str) -> None:
    text = BASE.replace("number = 1\n", f'numbers = "{numbers}"\n', 1)
    fails(tmp_path, text, "halls.h1.windows[0].numbers", repr(numbers))


def test_window_numbers_beyond_four_digits(tmp_path: Path) -> None:
    text = BASE.replace("number = 1\n", "number = 10000\n", 1)
    fails(tmp_path, text, "halls.h1.windows[0].number", "1-9999, got 10000")


def test_window_with_both_number_and_numbers(tmp_path: Path) -> None:
    text = BASE.replace("number = 1\n", 'number = 1\nnumbers = "1-3"\n', 1)
    fails(tmp_path, text, "halls.h1.windows[0].number", "exactly one")


@pytest.mark.parametrize(("lang", "other"), [("zh", "en"), ("en", "zh")])
def test_missing_names(tmp_path: Path, lang: str, other: str) -> None:
    old = 'name = { zh = "户口迁移", en = "Household registration transfer" }'
    new = f'name = {{ {other} = "x" }}'
    fails(tmp_path, BASE.replace(old, new), f"services.HJ01.name.{lang}", "missing")


def test_empty_name(tmp_path: Path) -> None:
    text = BASE.replace('zh = "一号大厅"', 'zh = "  "')
    fails(tmp_path, text, "halls.h1.name.zh", "must not be empty")


@pytest.mark.parametrize("minutes", ["-5", "0"])
def test_non_positive_minutes(tmp_path: Path, minutes: str) -> None:
    text = BASE.replace("expected_minutes = 15", f"expected_minutes = {minutes}")
    fails(tmp_path, text, "services.HJ01.expected_minutes", f"got {minutes}")


def test_minutes_of_the_wrong_type(tmp_path: Path) -> None:
    text = BASE.replace("expected_minutes = 15", 'expected_minutes = "ten"')
    fails(tmp_path, text, "services.HJ01.expected_minutes", "expected a number", "'ten'")


@pytest.mark.parametrize(
    ("cap", "fragment"), [("0", "at least 1"), ("true", "True"), ("2.5", "2.5")]
)
def test_bad_daily_cap(tmp_path: Path, cap: str, fragment: str) -> None:
    text = BASE.replace("daily_cap = 80", f"daily_cap = {cap}")
    fails(tmp_path, text, "services.HJ01.daily_cap", fragment)


def test_bad_boolean(tmp_path: Path) -> None:
    text = BASE.replace("id_required = true", 'id_required = "yes"')
    fails(tmp_path, text, "services.HJ01.id_required", "true or false", "'yes'")


def test_unknown_category(tmp_path: Path) -> None:
    text = BASE.replace('category = "HJ"', 'category = "XX"')
    fails(tmp_path, text, "services.HJ01.category", "unknown category 'XX'")


def test_unknown_category_in_a_hall(tmp_path: Path) -> None:
    text = BASE.replace('services = ["HJ01"]\n\n[[', 'categories = ["XX"]\n\n[[', 1)
    fails(tmp_path, text, "halls.h1.categories[0]", "unknown category 'XX'")


def test_window_category_the_hall_does_not_offer(tmp_path: Path) -> None:
    text = BASE.replace('number = 2\nservices = ["HJ01"]', 'number = 2\ncategories = ["SB"]')
    fails(tmp_path, text, "halls.h1.windows[1].categories[0]", "'SB'", "'h1'")


@pytest.mark.parametrize("prefix", ["AK", "K", "a", "ABC", "A1", ""])
def test_bad_prefix(tmp_path: Path, prefix: str) -> None:
    text = BASE.replace('prefix = "A"', f'prefix = "{prefix}"')
    fails(tmp_path, text, "services.HJ01.prefix", repr(prefix))


def test_typo_in_a_key_is_not_silently_ignored(tmp_path: Path) -> None:
    text = BASE.replace("expected_minutes = 15", "expected_minutes = 15\nexpected_minuts = 12")
    fails(tmp_path, text, "services.HJ01.expected_minuts", "unknown key 'expected_minuts'")


def test_service_offered_but_served_by_no_window(tmp_path: Path) -> None:
    text = BASE.replace('services = ["HJ01"]\n\n[[', 'services = ["HJ01", "SB01"]\n\n[[', 1)
    fails(tmp_path, text, "halls.h1.services", "'SB01'", "no window serves it")


def test_bad_hall_id_and_service_code(tmp_path: Path) -> None:
    fails(tmp_path, BASE.replace("[halls.h1]", "[halls.H1]"), "halls.H1", "'H1'")
    fails(tmp_path, BASE.replace("[services.SB01]", "[services.sb01]"), "services.sb01", "'sb01'")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Asia"])  # Asia: a folder of zones
def test_unknown_time_zone(tmp_path: Path, zone: str) -> None:
    text = BASE.replace('level = "street"', f'level = "street"\ntimezone = "{zone}"')
    fails(tmp_path, text, "halls.h1.timezone", f"'{zone}'")


def test_missing_hours_everywhere(tmp_path: Path) -> None:
    text = BASE.replace('hours = [{ days = "mon-fri", open = "09:00", close = "17:00" }]', "")
    fails(tmp_path, text, "defaults.hours", "missing")


def test_a_table_where_a_list_belongs(tmp_path: Path) -> None:
    text = BASE.replace('services = ["HJ01"]\n\n[[', 'services = "HJ01"\n\n[[', 1)
    fails(tmp_path, text, "halls.h1.services", "expected an array", "'HJ01'")


def test_not_toml_at_all(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, BASE + "\n[halls.h1\n")
    assert str(caught.value).startswith(str(tmp_path / "district.toml"))
    assert "not valid TOML" in str(caught.value) and "line" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_district(tmp_path / "nope.toml")
    assert str(tmp_path / "nope.toml") in str(caught.value)


def test_config_error_is_a_queue_error_with_both_languages(tmp_path: Path) -> None:
    err = fails(tmp_path, BASE.replace('level = "street"', 'level = "x"'), "halls.h1.level")
    assert err.code == "config_error"
    assert err.zh.startswith("配置错误") and "halls.h1.level" in err.zh


# --- never a traceback: any mangled value gives ConfigError, nothing else -----------------------

SAMPLE = tomllib.loads(SAMPLE_PATH.read_text(encoding="utf-8"))
JUNK = st.one_of(
    st.integers(-3, 3),
    st.floats(allow_nan=False),
    st.booleans(),
    st.text(max_size=6),
    st.sampled_from(["09:00", "25:00", "HJ01", "XX99", "A", "K", "mon-fri", "1-3", "street"]),
    st.lists(st.sampled_from(["HJ01", "SB01", "XX99", 3]), max_size=3),
    st.just({}),
    st.just({"zh": "x"}),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


PATHS = _paths(SAMPLE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), junk=JUNK, delete=st.booleans())
def test_mangled_sample_never_raises_anything_but_config_error(
    path: tuple[Any, ...], junk: Any, delete: bool
) -> None:
    data = copy.deepcopy(SAMPLE)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = junk
    try:
        parse_district(data, "mangled.toml")
    except ConfigError as err:
        assert str(err).startswith("mangled.toml: ")


def test_dispatch_settings_are_read_and_checked(tmp_path: Path) -> None:
    text = BASE + "\n[dispatch]\ngreen_run_limit = 3\nageing_minutes = false\n"
    policy = load(tmp_path, text).dispatch
    assert policy.green_run_limit == 3 and policy.ageing_minutes is None
    fails(tmp_path, BASE + "\n[dispatch]\ngreen_run_limit = 0\n", "dispatch.green_run_limit", "0")
    fails(tmp_path, BASE + "\n[dispatch]\nageing_minutes = -5\n", "dispatch.ageing_minutes", "-5")
    fails(
        tmp_path,
        BASE + "\n[dispatch]\nappointment_lead_minutes = -1\n",
        "dispatch.appointment_lead_minutes",
        "-1",
    )
    fails(tmp_path, BASE + "\n[dispatch]\ngreen_ratio = 2\n", "dispatch.green_ratio", "unknown key")
