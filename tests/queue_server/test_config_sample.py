"""The bundled Qixia sample district loads and looks like the real district."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from queue_server.config_loader import SAMPLE_PATH, load_district
from queue_server.engine.district import District
from queue_server.engine.hours import is_open
from queue_server.engine.numbering import is_valid_prefix

STREETS = [
    "yaohua",
    "maqun",
    "maigaoqiao",
    "yanziji",
    "qixiajie",
    "longtan",
    "xianlin",
    "baguazhou",
    "xigang",
]
STATIONS = ["yaohua-xinyao", "yaohua-jinyao", "xianlin-wenyuan", "maqun-baishui"]


@pytest.fixture(scope="module")
def district() -> District:
    return load_district()


def test_sample_path_is_inside_the_repository() -> None:
    assert SAMPLE_PATH.is_file() and SAMPLE_PATH.parent.name == "config"
    assert load_district(SAMPLE_PATH) == load_district(None)


def test_the_twelve_halls_with_contract_ids(district: District) -> None:
    assert list(district.halls) == ["qixia", *STREETS, *STATIONS, "jingkai", "zidong"]
    assert district.halls["qixia"].level == "district"
    assert district.halls["qixia"].name.zh == "栖霞区政务服务中心"
    assert {district.halls[s].level for s in STREETS} == {"street"}
    assert {district.halls[p].level for p in ("jingkai", "zidong")} == {"park"}
    assert district.halls["yaohua"].name.zh == "尧化街道便民服务中心"


def test_community_stations_take_in_cases_for_their_street_centre(district: District) -> None:
    for station_id in STATIONS:
        station = district.halls[station_id]
        assert station.level == "community" and station.parent in STREETS
        assert 1 <= len(station.windows) <= 2, station_id
        parent = district.halls[station.parent]
        assert set(station.services) < set(parent.services)  # 代办: a subset the parent finishes
    assert {h.parent for h in district.halls.values() if h.level != "community"} == {None}


def test_window_counts(district: District) -> None:
    assert len(district.halls["qixia"].windows) == 30
    for street in STREETS:
        assert 8 <= len(district.halls[street].windows) <= 12, street
    for park in ("jingkai", "zidong"):
        assert 2 <= len(district.halls[park].windows) <= 5, park
    for station in STATIONS:
        assert 1 <= len(district.halls[station].windows) <= 2, station
    for hall in district.halls.values():
        numbers = [w.number for w in hall.windows]
        assert numbers == list(range(1, len(numbers) + 1)), hall.id


def test_about_forty_services_in_about_ten_categories(district: District) -> None:
    assert 38 <= len(district.services) <= 46
    assert 8 <= len(district.categories) <= 12
    per_category = Counter(s.category for s in district.services.values())
    assert set(per_category) == set(district.categories)
    assert {"HJ", "SB", "YB", "MZ", "QY", "BD", "GJ", "SW"} <= set(district.categories)
    assert district.services["HJ01"].name.zh == "户口迁移"
    assert district.services["HJ01"].prefix == "A"  # the contract's example ticket A001
    assert any(s.daily_cap for s in district.services.values())
    assert any(not s.id_required for s in district.services.values())


def test_every_service_is_bilingual_with_a_valid_prefix(district: District) -> None:
    for service in district.services.values():
        assert service.name.zh and service.name.en
        assert is_valid_prefix(service.prefix), service.code
        assert service.expected_minutes > 0
        for material in service.materials:
            assert material.zh and material.en


def test_each_hall_is_consistent(district: District) -> None:
    for hall in district.halls.values():
        prefixes = [district.services[c].prefix for c in hall.services]
        assert len(prefixes) == len(set(prefixes)), hall.id
        served = {code for w in hall.windows for code in w.services}
        assert served == set(hall.services), hall.id
        assert hall.hours and hall.timezone == "Asia/Shanghai"
        assert hall.target_wait_minutes in (20, 30)
        assert all(w.label.zh == f"{w.number}号窗口" for w in hall.windows)


def test_district_centre_offers_everything_streets_and_parks_a_subset(district: District) -> None:
    qixia = district.halls["qixia"]
    assert set(qixia.services) == set(district.services)
    comprehensive = [w for w in qixia.windows if w.title and "综合" in w.title.zh]
    assert len(comprehensive) >= 3 and all(len(w.services) >= 10 for w in comprehensive)
    for street in STREETS:
        offered = district.halls[street].services
        assert "QY01" not in offered  # company registration is done at the centre or the parks
        assert "SB01" in offered and "MZ01" in offered
    for park in ("jingkai", "zidong"):
        offered = district.halls[park].services
        assert "QY01" in offered and "HJ01" not in offered
        assert not district.halls[park].green_channel


def test_preference_order_is_kept(district: District) -> None:
    window = district.halls["qixia"].window(25)
    assert window is not None
    assert window.services[:5] == ("SB06", "HJ05", "YB02", "SB05", "GJ01")
    assert len(window.services) == len(set(window.services))


def test_dispatch_settings(district: District) -> None:
    assert district.dispatch.green_run_limit == 2
    assert district.dispatch.ageing_minutes == 30


def test_sample_opening_hours(district: District) -> None:
    cst = timezone(timedelta(hours=8))
    monday_10 = datetime(2026, 11, 30, 10, 0, tzinfo=cst)
    monday_lunch = datetime(2026, 11, 30, 12, 30, tzinfo=cst)
    saturday_10 = datetime(2026, 11, 28, 10, 0, tzinfo=cst)
    assert all(is_open(hall, monday_10) for hall in district.halls.values())
    assert is_open(district.halls["qixia"], monday_lunch)  # 中午不打烊
    assert is_open(district.halls["qixia"], saturday_10)
    for street in STREETS:
        assert not is_open(district.halls[street], monday_lunch)
        assert not is_open(district.halls[street], saturday_10)
