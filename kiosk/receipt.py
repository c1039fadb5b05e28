"""What goes on paper for a ticket, in Chinese and English (pure: no Qt, no printer).

The receipt's sentences live here and nowhere else: the screens say their own things (see
ui/kiosk/strings.py), in words fitted to a screen rather than to a narrow strip of paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from devices.printer import Receipt
from devices.printer.receipt import Line
from queue_server.client.models import Hall, Service, Text, Ticket

NOTICES = (
    Text("预约号优先办理", "Appointments are served first"),
    Text("过号请重新取号", "Missed your call? Take a new ticket"),
)
OFFLINE_NOTICE = Text("网络中断时取号，本号有效", "Issued offline; valid as usual")
WAITING_AREA = Text("大厅等候区", "the waiting area")  # where to wait when no window is named
GREEN_MARK = Text("绿色通道", "Green channel")
REPRINT_MARK = Text("补打", "Reprint")
APPOINTMENT_MARK = Text("预约", "Appointment")
MATERIALS_TITLE = Text("办事指南（一次告知）", "What to bring (full list)")
MATERIALS_NONE = Text("不需要另外的材料", "Nothing extra is needed")
MATERIALS_FOOT = Text("材料备齐后请取号办理", "Take a ticket once you have them all")


def number_ranges(numbers: Sequence[int]) -> list[str]:
    """`[1, 2, 3, 4, 7]` -> `["1-4", "7"]`."""
    ranges: list[list[int]] = []
    for number in sorted(set(numbers)):
        if ranges and number == ranges[-1][-1] + 1:
            ranges[-1].append(number)
        else:
            ranges.append([number])
    return [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in ranges]


def waiting_area(ticket: Ticket, windows: Sequence[int] = ()) -> Text:
    """Where to wait: the window the ticket is bound to, else the area of the windows that
    serve its service (the hall's configuration), else the hall's waiting area."""
    if ticket.window_label is not None:
        return ticket.window_label
    if not windows:
        return WAITING_AREA
    ranges = number_ranges(windows)
    noun = "window" if len(windows) == 1 else "windows"
    return Text(f"{'、'.join(ranges)}号窗口等候区", f"the area of {noun} {', '.join(ranges)}")


# A wait range's dash: the wave dash (浪纹线) that GB/T 15834 gives numeric ranges in Chinese and
# a hyphen in English; both are in the bundled font (its GB 2312 subset has no en dash, U+2013)
# and in every receipt printer's GB 18030 set.
RANGE_DASH = Text("～", "-")


def wait_span(eta_minutes: int, eta_range: tuple[int, int] | None) -> Text:
    """The minutes to say for a wait: `10～20` / `10-20` for an uncertain estimate (the server's
    `eta_range`), else the single estimate, `15`."""
    if eta_range is None or eta_range[0] == eta_range[1]:
        shown = str(eta_range[0] if eta_range else eta_minutes)
        return Text(shown, shown)
    low, high = eta_range
    return Text(f"{low}{RANGE_DASH.zh}{high}", f"{low}{RANGE_DASH.en}{high}")


def slot_span(ticket: Ticket, zone: tzinfo | None = None) -> str | None:
    """An appointment ticket's slot, `09:00-09:30` on the hall's clock; None for any other."""
    slot = ticket.appointment
    if slot is None:
        return None
    start = slot.start.astimezone(zone) if zone else slot.start
    end = (slot.end.astimezone(zone) if zone else slot.end) if slot.end else None
    return f"{start:%H:%M}-{end:%H:%M}" if end else f"{start:%H:%M}"


def marks_for(ticket: Ticket, reprint: bool, zone: tzinfo | None = None) -> list[str]:
    """The marks under the number: the slot on an appointment ticket (预约 09:00-09:30),
    绿色通道 on a green ticket, 补打 on a reprint."""
    span = slot_span(ticket, zone)
    slot = [f"{APPOINTMENT_MARK.zh} {span}", f"{APPOINTMENT_MARK.en} {span}"] if span else []
    shown = ((GREEN_MARK,) if ticket.priority == "green" else ()) + (
        (REPRINT_MARK,) if reprint else ()
    )
    return slot + [f"{mark.zh} {mark.en}" for mark in shown]


def notices_for(ticket: Ticket) -> list[str]:
    """The notice lines at the foot of the receipt, each with both languages on one line."""
    shown = NOTICES + ((OFFLINE_NOTICE,) if ticket.offline else ())
    return [f"{notice.zh} {notice.en}" for notice in shown]


def issued_time(ticket: Ticket, zone: tzinfo, now: datetime) -> datetime:
    """When the ticket was issued, on the hall's clock (`now` if the server did not say)."""
    try:
        issued = datetime.fromisoformat(ticket.issued_at) if ticket.issued_at else None
    except ValueError:
        issued = None
    return (issued or now).astimezone(zone)


@dataclass(frozen=True)
class Printing:
    """How a ticket is printed: again (补打), and the hall's windows serving its service."""

    reprint: bool = False
    windows: tuple[int, ...] = ()


FIRST_PRINT = Printing()


def phone_page_url(base: str, ticket: Ticket) -> str | None:
    """The ticket's phone page under `base` (the kiosk's public URL, see KioskConfig.phone_base),
    None for a ticket the server has not seen yet (offline)."""
    return f"{base.rstrip('/')}/t/{ticket.token}" if ticket.token else None


def receipt_for(
    ticket: Ticket,
    hall: Hall | None,
    phone_url: str | None,
    zone: tzinfo,
    now: datetime,
    how: Printing = FIRST_PRINT,
) -> Receipt:
    """What goes on paper for `ticket` (names already masked by the server)."""
    area = waiting_area(ticket, how.windows)
    return Receipt(
        hall_name=hall.name.zh if hall else "",
        hall_name_en=hall.name.en if hall else None,
        service_name=ticket.service_name.zh,
        service_name_en=ticket.service_name.en,
        number=ticket.number,
        ahead=ticket.ahead,
        eta_minutes=ticket.eta_minutes,
        eta_range=ticket.eta_range,
        window_area=area.zh,
        window_area_en=area.en,
        issued_at=issued_time(ticket, zone, now),
        holder_masked=ticket.holder,
        qr_payload=phone_url,
        notices=notices_for(ticket),
        marks=marks_for(ticket, how.reprint, zone),
    )


def materials_lines(service: Service, hall: Hall | None, printed_at: datetime) -> list[Line]:
    """The one-time notice of every material a service needs (一次告知), for the printer."""
    lines = [Line(hall.name.zh, "title"), Line(hall.name.en, "small")] if hall else []
    lines += [Line("rule", "rule"), Line(MATERIALS_TITLE.zh, "subtitle")]
    lines += [Line(MATERIALS_TITLE.en, "small"), Line(service.name.zh, "subtitle")]
    lines.append(Line(service.name.en, "small"))
    for index, item in enumerate(service.materials or (MATERIALS_NONE,), start=1):
        prefix = f"{index}. " if service.materials else ""
        lines += [Line(f"{prefix}{item.zh}"), Line(item.en, "small")]
    lines += [Line("rule", "rule"), Line(f"{MATERIALS_FOOT.zh} {MATERIALS_FOOT.en}", "small")]
    lines.append(Line(f"打印时间：{printed_at:%Y-%m-%d %H:%M}", "small"))
    return lines
