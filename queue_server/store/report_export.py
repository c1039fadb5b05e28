"""A report as CSV or Excel (.xlsx): Chinese headers with English, the report's parameters
first, then the totals, every day, the breakdown and the rankings."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

# Every measure's column: (key, Chinese / English header).
MEASURES: tuple[tuple[str, str], ...] = (
    ("issued", "取号数 / Issued"),
    ("called", "叫号数 / Called"),
    ("served", "办结数 / Served"),
    ("no_show", "过号数 / No-shows"),
    ("transferred", "转移数 / Transfers"),
    ("cancelled", "取消数 / Cancelled"),
    ("left_at_close", "闭厅未叫号 / Left at close"),
    ("wait_mean_min", "平均等候(分) / Mean wait (min)"),
    ("wait_p90_min", "90%等候(分) / 90th pct wait (min)"),
    ("within_target_share", "目标内等候占比 / Within target"),
    ("left_wait_mean_min", "闭厅未叫号平均等候(分) / Left: mean wait (min)"),
    ("requeue_mean_min", "转移后平均等候(分) / Wait after transfer (min)"),
    ("service_mean_min", "平均办理时长(分) / Mean service (min)"),
    ("appointments", "预约数 / Appointments"),
    ("punctuality_share", "预约准时率 / Punctuality"),
    ("evaluations", "评价数 / Evaluations"),
    ("satisfaction_rate", "满意率 / Satisfaction"),
    ("bad_reviews", "差评数 / Bad reviews"),
    ("bad_visited", "差评已回访 / Visited"),
    ("bad_closed", "差评已整改 / Rectified"),
    ("bad_overdue", "差评逾期未整改 / Overdue"),
    ("pause_min", "暂停时长(分) / Paused (min)"),
    ("idle_min", "空闲时长(分) / Idle (min)"),
)
PARAMETERS = (
    ("scope", "范围 / Scope"), ("hall", "大厅 / Hall"), ("service", "事项 / Service"),
    ("window", "窗口 / Window"), ("clerk", "工作人员 / Clerk"), ("period", "周期 / Period"),
    ("from", "开始日期 / From"), ("to", "结束日期 / To"), ("rank_by", "排名指标 / Ranked by"),
    ("target_wait_minutes", "等候目标(分) / Target wait (min)"),
    ("generated_at", "生成时间 / Generated at"),
)  # fmt: skip
GROUP_NAMES = {"hall": "大厅 / Hall", "service": "事项 / Service", "window": "窗口 / Window",
               "clerk": "工作人员 / Clerk"}  # fmt: skip
Row = list[Any]


def _measures(row: dict[str, Any]) -> Row:
    return [row.get(key) for key, _ in MEASURES]


def sections(report: dict[str, Any]) -> Iterator[tuple[str, list[Row]]]:
    """(title, rows) of each part, the first row of a table its header."""
    params = report["parameters"]
    calendar = report["calendar"]
    yield (
        "报表参数 / Parameters",
        [
            *([title, params[key]] for key, title in PARAMETERS),
            ["天数 / Days", calendar["days"]],
            ["工作日 / Working days", calendar["working_days"]],
            ["非工作日 / Non-working days", " ".join(calendar["non_working_days"])],
        ],
    )
    header = [title for _, title in MEASURES]
    yield "合计 / Totals", [header, _measures(report["totals"])]
    yield "按日 / By day", [
        ["日期 / Day", "工作日 / Working day", *header],
        *([d["day"], "是 / yes" if d["working_day"] else "否 / no", *_measures(d)]
          for d in report["by_day"]),
    ]  # fmt: skip
    part = report["breakdown"]
    yield (
        f"分项 / Breakdown: {GROUP_NAMES[part['by']]}",
        [
            ["编号 / Key", "名称 / Name", *header],
            *([r["key"], r["name"]["zh"], *_measures(r)] for r in part["rows"]),
        ],
    )
    for group, entries in report["rankings"].items():
        yield (
            f"排名 / Ranking: {GROUP_NAMES[group]} ({params['rank_by']})",
            [
                ["名次 / Rank", "编号 / Key", "名称 / Name", "指标值 / Value", "办结数 / Served"],
                *([e["rank"], e["key"], e["name"]["zh"], e["value"], e["served"]] for e in entries),
            ],
        )


def to_csv(report: dict[str, Any]) -> str:
    """UTF-8 CSV with a byte-order mark (so Excel reads the Chinese), the parts one after
    another, each under its title and separated by an empty line."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for title, rows in sections(report):
        writer.writerow([title])
        writer.writerows(["" if value is None else value for value in row] for row in rows)
        writer.writerow([])
    return out.getvalue()


SHEETS = ("参数 Parameters", "合计 Totals", "按日 By day", "分项 Breakdown")


def to_xlsx(report: dict[str, Any]) -> bytes:
    """An Excel workbook: one sheet per part (the rankings, one each), bold headers; every
    sheet starts with the report's scope and period."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    params = report["parameters"]
    heading = f"{params['scope']} {params['hall'] or ''} {params['from']} — {params['to']}"
    for index, (title, rows) in enumerate(sections(report)):
        name = SHEETS[index] if index < len(SHEETS) else f"排名 Ranking {index - 3}"
        sheet = book.create_sheet(name)
        sheet.append([title, heading])
        sheet.append([])
        for row in rows:
            sheet.append(row)
        for cell in sheet[3 if index else 1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 26
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
