"""SMS reminders on a live server: ticket → 短信提醒 → the number typed → confirmed masked, the
clerk sees it masked, the kiosk keeps nothing of it; offline, the kiosk says there are none."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.config import KioskConfig
from kiosk.session import Screen
from tests.ui.kiosk.test_offline import enquiry_ticket

PHONE = "13912345678"


def texts(kiosk: Any, name: str) -> list[str]:
    part = kiosk.window.page.findChild(QWidget, name)
    assert part is not None, f"no {name!r} on {kiosk.state.screen}"
    return [line.text() for line in part.findChildren(QLabel)]


def kept_bytes(config: KioskConfig) -> bytes:
    """Everything the kiosk keeps on disk: its journal and the journal's side files."""
    files = Path(config.journal).parent.glob(Path(config.journal).name + "*")
    return b"".join(path.read_bytes() for path in files)


def test_a_phone_typed_after_the_ticket_is_kept_by_the_server_only_masked(
    make_kiosk: Any, kiosk_config: KioskConfig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    kiosk = make_kiosk(kiosk_config)
    ticket = enquiry_ticket(kiosk)
    kiosk.tap("sms_button")
    kiosk.wait_screen(Screen.PHONE_PAD)
    kiosk.type_keys("12")
    assert kiosk.state.keypad_error and texts(kiosk, "keypad_error")[0].startswith("手机号码")
    kiosk.tap("key_delete")
    assert not kiosk.state.keypad_error
    kiosk.type_keys(PHONE[1:10])
    assert not kiosk.find("key_ok").isEnabled(), "OK waits for 11 digits"
    kiosk.type_keys(PHONE[10:])
    kiosk.tap("key_ok")
    kiosk.wait_screen(Screen.PHONE_DONE)
    assert texts(kiosk, "phone_done_title") == ["提醒将发送至 139****5678",
                                                "Reminders go to 139****5678"]  # fmt: skip
    assert PHONE not in repr(kiosk.state) and kiosk.state.keypad == ""
    listed = kiosk.api("/api/halls/qixia/tickets", role="clerk")
    assert [t["phone_masked"] for t in listed if t["number"] == ticket.number] == ["139****5678"]
    kiosk.tap("back_to_ticket")
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.find("sms_button") is None and texts(kiosk, "sms_set")[0].endswith("139****5678")
    kiosk.tap("done")
    assert kiosk.state.phone_masked is None and not kiosk.state.holds_personal_data()
    kept = kept_bytes(kiosk_config)
    assert PHONE.encode() not in kept and b"12345678" not in kept
    assert all(PHONE not in record.getMessage() for record in caplog.records)


def test_offline_the_kiosk_says_sms_reminders_are_not_available(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    kiosk = make_kiosk(kiosk_config)
    enquiry_ticket(kiosk)
    kiosk.tap("sms_button")
    kiosk.type_keys(PHONE)
    live_server.stop()  # the network goes down while the number is typed
    kiosk.tap("key_ok")
    kiosk.wait_screen(Screen.NOTICE)
    said = ["网络中断，短信提醒暂不可用", "No network: SMS reminders are not available now"]
    assert texts(kiosk, "notice_title") == said
    assert PHONE not in repr(kiosk.state)
    kiosk.tap("notice_back_to_ticket")
    kiosk.wait_screen(Screen.TICKET)
    kiosk.tap("done")
    offline = enquiry_ticket(kiosk)  # issued from the journal: nothing to send a phone to
    assert offline.offline
    assert kiosk.find("sms_button") is None
    said = ["网络中断，暂时不能短信提醒", "No SMS reminders while the network is down"]
    assert texts(kiosk, "sms_offline") == said
    assert PHONE.encode() not in kept_bytes(kiosk_config)
