"""The evaluation export in the national data set's fields (GB/T 39046-2020): JSON and CSV,
each naming the level-code mapping it uses. The evaluator appears masked only."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from queue_server.engine.district import District
from queue_server.engine.evaluation_levels import LEVEL_NAMES, api_to_gbt, mapping_table

FIELDS = ("办件编号", "评价渠道", "评价人", "评价时间", "评价次数", "满意度", "满意度代码",
          "文字评价", "行政区划")  # fmt: skip
ANONYMOUS = "匿名"  # a ticket issued without an ID card names nobody
CSV_MAPPING = "满意度代码标准"  # the CSV's column naming the mapping on every row


def rows_between(
    conn: sqlite3.Connection, first: date, last: date, hall: str | None = None
) -> list[sqlite3.Row]:
    """Evaluations recorded from `first` to `last` (local dates of the halls), oldest first;
    of one hall, or of the district."""
    sql = (
        "SELECT e.*, t.number, t.business_day, t.holder FROM evaluations e"
        " JOIN tickets t ON t.id = e.ticket_id WHERE substr(e.at, 1, 10) BETWEEN ? AND ?"
    )
    args = [first.isoformat(), last.isoformat()]
    if hall is not None:
        sql, args = sql + " AND e.hall = ?", [*args, hall]
    return conn.execute(sql + " ORDER BY e.at, e.id", args).fetchall()


def case_number(row: sqlite3.Row) -> str:
    """办件编号 (an..50): hall, business day and ticket number, unique in the district."""
    return f"{row['hall']}-{row['business_day'].replace('-', '')}-{row['number']}"


def record(district: District, row: sqlite3.Row) -> dict[str, Any]:
    """One evaluation in the data set's fields; 满意度代码 in GB/T 39046-2020's numbering."""
    return {
        "办件编号": case_number(row),
        "评价渠道": row["channel"],
        "评价人": row["holder"] or ANONYMOUS,
        "评价时间": datetime.fromisoformat(row["at"]).strftime("%Y%m%dT%H%M%S"),
        "评价次数": row["count"],
        "满意度": LEVEL_NAMES[row["level"]].zh,
        "满意度代码": api_to_gbt(row["level"]),
        "文字评价": row["text"],
        "行政区划": district.evaluation.division_code,
    }


def document(records: Iterable[dict[str, Any]], first: date, last: date) -> dict[str, Any]:
    """The JSON export: the period, the level-code mapping it follows, the records."""
    return {"from": first.isoformat(), "to": last.isoformat(), "code_mapping": mapping_table(),
            "records": list(records)}  # fmt: skip


def to_json(records: Iterable[dict[str, Any]], first: date, last: date) -> str:
    return json.dumps(document(records, first, last), ensure_ascii=False, indent=2) + "\n"


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    """UTF-8 CSV with a header row; each row names the mapping its 满意度代码 follows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*FIELDS, CSV_MAPPING], lineterminator="\r\n")
    writer.writeheader()
    standard = str(mapping_table()["standard"])
    for item in records:
        writer.writerow({**item, CSV_MAPPING: standard})
    return out.getvalue()
