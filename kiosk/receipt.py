"""What goes on paper for a ticket, in Chinese and English (pure: no Qt, no printer).

The receipt's sentences live here and nowhere else: the screens say their own things (see
ui/kiosk/strings.py), in words fitted to a screen rather than to a narrow strip of paper.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from devices.printer import Receipt
from queue_server.client.models import Hall, Text, Ticket

NOTICES = (
    Text("预约号优先办理", "Appointments are served first"),
    Text("过号请重新取号", "Missed your call? Take a new ticket"),
)
OFFLINE_NOTICE = Text("网络中断时取号，本号有效", "Issued offline; valid as usual")
WAITING_AREA = Text("大厅等候区", "the waiting area")  # where to wait when no window is named yet


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


def phone_page_url(base: str, ticket: Ticket) -> str | None:
    """The ticket's phone page under `base` (the kiosk's public URL, see KioskConfig.phone_base),
    None for a ticket the server has not seen yet (offline)."""
    return f"{base.rstrip('/')}/t/{ticket.token}" if ticket.token else None


def receipt_for(
    ticket: Ticket, hall: Hall | None, phone_url: str | None, zone: tzinfo, now: datetime
) -> Receipt:
    """What goes on paper for `ticket` (names already masked by the server)."""
    area = ticket.window_label or WAITING_AREA
    return Receipt(
        hall_name=hall.name.zh if hall else "",
        hall_name_en=hall.name.en if hall else None,
        service_name=ticket.service_name.zh,
        service_name_en=ticket.service_name.en,
        number=ticket.number,
        ahead=ticket.ahead,
        eta_minutes=ticket.eta_minutes,
        window_area=area.zh,
        window_area_en=area.en,
        issued_at=issued_time(ticket, zone, now),
        holder_masked=ticket.holder,
        qr_payload=phone_url,
        notices=notices_for(ticket),
    )
