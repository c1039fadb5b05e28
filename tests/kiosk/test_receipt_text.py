"""The receipt's text as it reaches the paper (issue 10, item 11): English wrapped at word
boundaries on both paper widths, the green-channel and reprint marks, the window area built
from the hall's windows, and the materials list (item 9) — read back from the ESC/POS bytes."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from devices.printer import render_escpos
from devices.printer.decode import escpos_text
from devices.printer.receipt import render_document, wrap
from kiosk.receipt import (
    NOTICES,
    OFFLINE_NOTICE,
    Printing,
    materials_lines,
    number_ranges,
    receipt_for,
    wait_span,
)
from queue_server.client.models import Text
from tests.kiosk import samples

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 28, 10, 5, tzinfo=SHANGHAI)
PROFILES = ("generic-80", "generic-58")


def paper(
    profile: str, reprint: bool = False, windows: tuple[int, ...] = (), **changes: object
) -> list[str]:
    """The receipt's printed lines, decoded from the ESC/POS bytes."""
    ticket = samples.ticket(**changes)
    receipt = receipt_for(ticket, samples.hall(), None, SHANGHAI, NOW, Printing(reprint, windows))
    return escpos_text(render_escpos(receipt, profile)).splitlines()


def english_words(lines: list[str]) -> set[str]:
    return {word for line in lines for word in re.findall(r"[A-Za-z']+", line)}


@pytest.mark.parametrize("profile", PROFILES)
def test_english_breaks_only_between_words(profile: str) -> None:
    lines = paper(profile, token=None, source="offline")  # every notice, the offline one too
    printed = english_words(lines)
    for notice in (*NOTICES, OFFLINE_NOTICE):
        for word in re.findall(r"[A-Za-z']+", notice.en):
            assert word in printed, f"{word!r} is split across lines on {profile}: {lines}"


@pytest.mark.parametrize(
    ("text", "columns", "expected"),
    [
        ("过号请重新取号 Missed your call? Take a new ticket", 48,
         ["过号请重新取号 Missed your call? Take a new", "ticket"]),
        ("网络中断时取号，本号有效 Issued offline; valid as usual", 32,
         ["网络中断时取号，本号有效 Issued", "offline; valid as usual"]),
        ("请在大厅等候区等候叫号", 10, ["请在大厅等", "候区等候叫", "号"]),
        ("办理时间，请留意", 6, ["办理时", "间，请", "留意"]),  # no line starts with ，
        ("Supercalifragilistic", 8, ["Supercal", "ifragili", "stic"]),  # too long: cut
        ("", 8, [""]),
    ],
)  # fmt: skip
def test_wrap_table(text: str, columns: int, expected: list[str]) -> None:
    assert wrap(text, columns) == expected


@pytest.mark.parametrize("profile", PROFILES)
def test_a_green_ticket_says_so_and_a_reprint_says_so(profile: str) -> None:
    green = paper(profile, priority="green")
    assert "绿色通道 Green channel" in green and "补打 Reprint" not in green
    normal = paper(profile)
    assert not any("绿色通道" in line for line in normal)
    again = paper(profile, reprint=True)
    assert "补打 Reprint" in again and "A005" in again, "the same number, marked as a reprint"


def test_the_waiting_area_comes_from_the_halls_windows_without_stray_spaces() -> None:
    lines = paper("generic-80", windows=(4, 1, 2, 3, 7))
    assert "请在1-4、7号窗口等候区等候叫号" in lines
    assert "Please wait in the area of windows 1-4, 7" in lines
    assert "请在大厅等候区等候叫号" in paper("generic-80")  # no window serves it (yet)
    bound = paper("generic-80", windows=(1, 2), window_label={"zh": "3号窗口", "en": "Window 3"})
    assert "请在3号窗口等候叫号" in bound
    assert not any(re.search(r"请在 | 等候叫号", line) for line in lines)


def test_number_ranges() -> None:
    assert number_ranges([9, 1, 2, 3, 5, 6, 9]) == ["1-3", "5-6", "9"]


@pytest.mark.parametrize("profile", PROFILES)
def test_the_materials_list_prints_every_item_in_both_languages(profile: str) -> None:
    service = samples.services()[0]
    data = render_document(materials_lines(service, samples.hall(), NOW), profile)
    text = escpos_text(data)
    assert "办事指南（一次告知）" in text and "户口迁移" in text
    for index, item in enumerate(service.materials, start=1):
        assert f"{index}. {item.zh}" in text
        assert set(item.en.replace("(", " ").replace(")", " ").split()) <= english_words(
            text.splitlines()
        ) | {"(original)"}
    assert "打印时间：2026-11-28 10:05" in text
    assert data.endswith(render_escpos(receipt_for(samples.ticket(), None, None, SHANGHAI, NOW),
                                       profile)[-6:])  # cut like a ticket  # fmt: skip


@pytest.mark.parametrize("profile", PROFILES)
def test_an_appointment_ticket_prints_its_slot_on_the_hall_clock(profile: str) -> None:
    slot = {"slot_start": "2026-11-30T01:00:00+00:00", "slot_end": "2026-11-30T01:30:00+00:00"}
    lines = [line.strip() for line in paper(profile, priority="appointment", appointment=slot)]
    number = lines.index("A005")
    assert lines[number + 1 : number + 3] == ["预约 09:00-09:30", "Appointment 09:00-09:30"]
    assert not any("预约 " in line for line in paper(profile)), "a walk-in ticket has no slot"


@pytest.mark.parametrize("profile", PROFILES)
def test_the_tickets_wait_range_reaches_the_paper(profile: str) -> None:
    lines = paper(profile, eta_minutes=14, eta_range=[10, 20])
    assert "预计等候约 10～20 分钟" in lines
    assert any(line.endswith("ahead, about 10-20 min") for line in lines), lines
    plain = paper(profile, eta_minutes=14, eta_range=None)
    assert "预计等候约 14 分钟" in plain and not any("～" in line for line in plain)


def test_wait_span_says_a_range_only_when_there_is_one() -> None:
    assert wait_span(14, (10, 20)) == Text("10～20", "10-20")
    assert wait_span(14, None) == Text("14", "14")
    assert wait_span(14, (12, 12)) == Text("12", "12")
    assert wait_span(0, None) == Text("0", "0")
