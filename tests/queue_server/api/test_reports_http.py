"""Reports over HTTP on the real server: JSON, CSV and the .xlsx opened with openpyxl, the
figures of tickets driven through the API, and who may read which hall's."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from openpyxl import load_workbook

from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

CLERK_WINDOW = 1  # qixia's windows 1-2 serve the household-registration (HJ) services


def _post(server: LiveServer, path: str, headers: dict[str, str], body: Any = None) -> Any:
    answer = httpx.post(
        f"{server.url}/api/halls/qixia{path}", json=body, headers=headers, timeout=10
    )
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def drive_tickets(server: LiveServer) -> None:
    """Three HJ01 tickets at window 1: A001 served, A002 transferred to HJ02 and then served
    there, A003 a no-show: issued 3, called 4, served 2, transferred 1, no-show 1."""
    kiosk = server.headers("kiosk")
    clerk = server.headers("clerk", window=CLERK_WINDOW)
    for serial in range(3):
        card = {"number": id_number(serial + 1), "name": "张三丰"}  # shown masked, never kept
        _post(server, "/tickets", kiosk, {"service": "HJ01", "id_card": card})
    window = f"/windows/{CLERK_WINDOW}"
    for step in ("call-next", "start", "finish"):
        _post(server, f"{window}/{step}", clerk, {})
    _post(server, f"{window}/call-next", clerk)
    _post(server, f"{window}/transfer", clerk, {"to_service": "HJ02", "reason": "wrong queue"})
    for step in ("call-next", "start", "finish"):
        _post(server, f"{window}/{step}", clerk, {})
    _post(server, f"{window}/call-next", clerk)
    _post(server, f"{window}/no-show", clerk, {})


HAND = {"issued": 3, "called": 4, "served": 2, "transferred": 1, "no_show": 1}


def get_report(
    server: LiveServer,
    role: str = "manager",
    of: str = "qixia",
    path: str = "/api/halls/qixia/reports",
    **query: str,
) -> httpx.Response:
    return httpx.get(
        f"{server.url}{path}", params=query, headers=server.headers(role, of), timeout=30
    )


def test_the_json_csv_and_xlsx_reports_carry_the_same_hand_counted_figures(
    live_server: LiveServer,
) -> None:
    drive_tickets(live_server)
    answer = get_report(live_server, scope="hall")
    assert answer.status_code == 200, answer.text
    totals = answer.json()["totals"]
    assert {key: totals[key] for key in HAND} == HAND
    workbook = get_report(live_server, scope="hall", format="xlsx")
    assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames[:4] == [
        "参数 Parameters",
        "合计 Totals",
        "按日 By day",
        "分项 Breakdown",
    ]
    parameters = {
        row[0]: row[1] for row in book["参数 Parameters"].iter_rows(min_row=3, values_only=True)
    }
    assert parameters["范围 / Scope"] == "hall" and parameters["大厅 / Hall"] == "qixia"
    header, values = list(book["合计 Totals"].iter_rows(min_row=3, values_only=True))[:2]
    sheet = dict(zip(header, values, strict=True))
    assert sheet["取号数 / Issued"] == 3 and sheet["办结数 / Served"] == 2
    assert sheet["转移数 / Transfers"] == 1 and sheet["过号数 / No-shows"] == 1
    text = get_report(live_server, scope="hall", format="csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    totals_at = rows.index(["合计 / Totals"])
    csv_totals = dict(zip(rows[totals_at + 1], rows[totals_at + 2], strict=True))
    assert csv_totals["取号数 / Issued"] == "3" and csv_totals["叫号数 / Called"] == "4"


def test_a_hall_manager_reads_only_their_hall_and_clerks_none(live_server: LiveServer) -> None:
    other = get_report(live_server, "manager", "yaohua", scope="hall")
    assert other.status_code == 403 and other.json()["error"]["code"] == "wrong_hall"
    district = get_report(live_server, "manager", "yaohua", path="/api/reports")
    assert district.status_code == 403 and district.json()["error"]["code"] == "wrong_hall"
    assert get_report(live_server, "clerk", path="/api/reports").status_code == 403
    assert httpx.get(f"{live_server.url}/api/reports", timeout=10).status_code == 401
    own = get_report(live_server, "manager", "yaohua", path="/api/halls/yaohua/reports")
    assert own.status_code == 200 and own.json()["parameters"]["hall"] == "yaohua"
    admin = get_report(live_server, "admin", "*", path="/api/reports", period="month")
    assert admin.status_code == 200 and len(admin.json()["by_day"]) >= 28


def test_bad_parameters_are_refused_in_both_languages(live_server: LiveServer) -> None:
    for query, code in (
        ({"scope": "planet"}, "invalid_scope"),
        ({"scope": "window"}, "window_required"),
        ({"scope": "service", "service": "NOPE"}, "unknown_service"),
        ({"period": "range", "from": "2026-03-02", "to": "2026-03-01"}, "invalid_range"),
        ({"period": "range", "from": "2025-01-01", "to": "2026-03-01"}, "range_too_long"),
        ({"rank_by": "height"}, "invalid_rank_by"),
    ):
        answer = get_report(live_server, "admin", "*", **query)
        assert answer.status_code == 422, (query, answer.text)
        error = answer.json()["error"]
        assert (error["code"], bool(error["zh"]), bool(error["en"])) == (code, True, True)
