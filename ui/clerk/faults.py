"""Device faults as the clerk console shows them (pure: no Qt): the open ones, in words.

A device's latest report is its state; `ok` means it works again. States this console does
not know (a newer kiosk may report more) are shown by the report's own message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from queue_server.client.models import Fault

DEVICES: dict[str, tuple[str, str]] = {
    "printer": ("打印机", "printer"),
    "idcard": ("身份证读卡器", "ID card reader"),
    "scanner": ("扫码器", "scanner"),
}
STATES: dict[str, tuple[str, str]] = {
    "paper_out": ("缺纸", "out of paper"),
    "paper_near_end": ("纸将用完", "paper nearly out"),
    "cover_open": ("机盖未关", "cover open"),
    "offline": ("未连接", "offline"),
    "unknown": ("状态未知", "state unknown"),
}
WORKING = "ok"


def open_faults(reports: Iterable[Fault]) -> list[Fault]:
    """The devices whose latest report (in the order given: oldest first) is not `ok`."""
    latest: dict[tuple[str, str], Fault] = {}
    for report in reports:
        latest.pop((report.kiosk_id, report.device), None)  # re-insert: newest last
        latest[(report.kiosk_id, report.device)] = report
    return [report for report in latest.values() if report.state != WORKING]


def kiosk_name(kiosk_id: str) -> tuple[str, str]:
    """`K1` → ("1号自助机", "Kiosk 1"); any other id as it is."""
    match = re.fullmatch(r"[Kk]?(\d+)", kiosk_id.strip())
    if match:
        return f"{match.group(1)}号自助机", f"Kiosk {match.group(1)}"
    return f"自助机 {kiosk_id}", f"Kiosk {kiosk_id}"


def fault_text(fault: Fault) -> str:
    """ "1号自助机：打印机缺纸 · Kiosk 1: printer out of paper"."""
    kiosk_zh, kiosk_en = kiosk_name(fault.kiosk_id)
    device_zh, device_en = DEVICES.get(fault.device, (fault.device, fault.device))
    known = STATES.get(fault.state)
    if known is not None:
        state_zh, state_en = known
    else:  # a state this console does not know: the kiosk's own words
        state_zh = state_en = fault.message or fault.state
    return f"{kiosk_zh}：{device_zh}{state_zh} · {kiosk_en}: {device_en} {state_en}"


def banner_text(faults: list[Fault]) -> str:
    return "\n".join(fault_text(fault) for fault in faults)
