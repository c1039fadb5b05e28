"""The report page in real headless Chromium against the real server: log in, ask for the
hall's report with the form, see the hand-counted figures, download the Excel file and open it
with openpyxl. Screenshots at 1366x768 and at a 1024x768 tablet go to /tmp/reports-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.fixtures.live_server import LiveServer
from tests.queue_server.api.test_reports_http import HAND, drive_tickets
from tests.queue_server.web._dash import sign_in

SIZES = {"1366": {"width": 1366, "height": 768}, "1024": {"width": 1024, "height": 768}}


@pytest.fixture(params=list(SIZES))
def desk(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[Any, str]]:
    context = browser.new_context(viewport=SIZES[request.param], locale="zh-CN",
                                  accept_downloads=True)  # fmt: skip
    yield context.new_page(), request.param
    context.close()


def test_the_form_shows_the_hall_report_and_its_excel_download_has_the_same_numbers(
    desk: tuple[Any, str], live_server: LiveServer, tmp_path: Any
) -> None:
    page, size = desk
    drive_tickets(live_server)  # issued 3, called 4, served 2, transferred 1, no-show 1
    page.goto(f"{live_server.url}/manage/reports")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", "demo1234")
    page.click("form button[type=submit]")
    page.wait_for_url("**/manage/reports")
    page.select_option("select[name=scope]", "hall")
    page.select_option("select[name=hall]", "qixia")
    page.click(".report-form button[type=submit]")
    page.wait_for_selector("#totals")
    on_page = ("issued", "served", "transferred", "no_show")  # "called" is in the downloads
    shown = {key: page.inner_text(f"#totals dd[data-measure={key}]") for key in on_page}
    assert shown == {key: str(HAND[key]) for key in on_page}
    assert page.inner_text("#ranking-window li:first-child .who").startswith("栖霞")
    page.screenshot(path=f"/tmp/reports-{size}.png", full_page=False)
    with page.expect_download() as download:
        page.click("#download-xlsx")
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path)["合计 Totals"].iter_rows(min_row=3, values_only=True))
    sheet = dict(zip(rows[0], rows[1], strict=True))
    assert (sheet["取号数 / Issued"], sheet["叫号数 / Called"], sheet["办结数 / Served"]) == (
        3,
        4,
        2,
    )
    assert (sheet["转移数 / Transfers"], sheet["过号数 / No-shows"]) == (1, 1)


def test_a_bad_period_says_so_on_the_page(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        sign_in(client, "manager")
        answer = client.get("/manage/reports", params={"period": "range", "from": "2026-03-02",
                                                       "to": "2026-03-01"})  # fmt: skip
    assert answer.status_code == 422
    assert "结束日期早于开始日期" in answer.text and "is before" in answer.text
