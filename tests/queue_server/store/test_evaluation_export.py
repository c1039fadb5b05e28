"""The evaluation export: the national data set's fields, the level code mapped to GB/T
39046-2020's numbering (1 = 非常满意) and named in the file, the evaluator masked; the CLI."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from queue_server.cli import main
from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.engine.evaluation import Submission
from queue_server.store import IdCard, IssueRequest, Settings, Store
from queue_server.store.evaluation_export import FIELDS
from tests.queue_server._district import id_number

NAME = "王小明"


def served_and_rated(store: Store, serial: int, level: int, *reasons: int) -> str:
    card = IdCard(id_number(serial), NAME)
    ticket, _ = store.issue(IssueRequest("qixia", "SB01", id_card=card), "kiosk")
    store.call_number("qixia", 3, "clerk", ticket["number"], "测试")
    store.start("qixia", 3, "clerk")
    store.finish("qixia", 3, "clerk")
    store.evaluate(ticket["token"], Submission(level, reasons, "文字", 2, follow_up=False))
    return str(ticket["number"])


@pytest.fixture
def rated(tmp_path: Path, clock: MovableClock) -> Path:
    """A database file of the sample district with a very good and a very bad review."""
    path = tmp_path / "queue.db"
    store = Store(path, load_district(), clock=clock, settings=Settings(check_hours=False))
    served_and_rated(store, 1, 5, 517)
    served_and_rated(store, 2, 1, 115)
    store.close()
    return path


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(shanghai(2026, 11, 27, 10, 5) + timedelta(seconds=9))


def export(path: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> str:
    args = ["evaluations", "export", "--db", str(path), "--from", "2026-11-27", "--to",
            "2026-11-27", "--format", kind]  # fmt: skip
    assert main(args) == 0
    return capsys.readouterr().out


def test_json_names_the_mapping_and_maps_each_level(
    rated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = json.loads(export(rated, "json", capsys))
    assert body["code_mapping"]["standard"] == "GB/T 39046-2020 附录A.8"
    assert body["code_mapping"]["api_level_to_code"] == {"5": 1, "4": 2, "3": 3, "2": 4, "1": 5}
    best, worst = body["records"]
    assert list(best) == list(FIELDS)
    assert (best["满意度"], best["满意度代码"]) == ("非常满意", 1)
    assert (worst["满意度"], worst["满意度代码"]) == ("非常不满意", 5)
    assert best["评价时间"] == "20261127T100509" and best["评价次数"] == 1
    assert best["评价渠道"] == 2 and best["行政区划"] == "320113"
    assert best["办件编号"].startswith("qixia-20261127-")
    assert best["评价人"] == "王*明"


def test_csv_carries_the_same_fields_and_the_standard_on_each_row(
    rated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(export(rated, "csv", capsys))))
    assert [r["满意度代码"] for r in rows] == ["1", "5"]
    assert {r["满意度代码标准"] for r in rows} == {"GB/T 39046-2020 附录A.8"}
    assert set(FIELDS) <= set(rows[0])


def test_no_personal_data_beyond_the_masked_name(
    rated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind in ("json", "csv"):
        text = export(rated, kind, capsys)
        assert NAME not in text and id_number(1) not in text and id_number(1)[-4:] not in text


def test_an_export_file_is_private_and_days_outside_are_left_out(rated: Path) -> None:
    out = rated.with_name("export.json")
    args = ["evaluations", "export", "--db", str(rated), "--from", "2026-11-28", "--to",
            "2026-12-31", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text("utf-8"))["records"] == []
    backwards = ["evaluations", "export", "--db", str(rated), "--from", "2026-11-28", "--to",
                 "2026-11-01"]  # fmt: skip
    assert main(backwards) == 2
