"""`queue-server report show|build` on a database file: JSON on stdout, Excel into a 0600 file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from queue_server.cli import main
from queue_server.config_loader import load_district
from tests.queue_server.store.test_evaluation_export import clock, rated  # noqa: F401

DAY = ["--period", "day", "--date", "2026-11-27"]


def test_report_show_prints_json_and_writes_a_private_workbook(
    rated: Path,  # noqa: F811 - two served tickets of 2026-11-27, rated 5 and 1
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["report", "show", "--db", str(rated), "--scope", "hall", "--hall", "qixia", *DAY])
        == 0
    )
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert (totals["issued"], totals["served"], totals["evaluations"], totals["bad_reviews"]) == (
        2, 2, 2, 1
    )  # fmt: skip
    out = tmp_path / "report.xlsx"
    args = ["report", "show", "--db", str(rated), *DAY, "--format", "xlsx", "--out", str(out)]
    assert main(args) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    header, values = list(load_workbook(out)["合计 Totals"].iter_rows(min_row=3, values_only=True))[
        :2
    ]
    sheet = dict(zip(header, values, strict=True))
    assert (sheet["满意率 / Satisfaction"], sheet["差评数 / Bad reviews"]) == (0.5, 1)


def test_report_build_sums_the_days_asked_for(
    rated: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["report", "build", "--db", str(rated), "--from", "2026-11-01", "--to", "2026-11-27"])
        == 0
    )
    halls = len(load_district().halls)  # 1 to 27 November (the store's today) for every hall
    assert capsys.readouterr().out.strip() == f"{halls * 27} hall-days summed"
