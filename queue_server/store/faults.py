"""Device faults reported by kiosks (printer out of paper, card reader offline, ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from queue_server.store.timeutil import served, stored

if TYPE_CHECKING:
    from queue_server.store.store import Store


def report(
    store: Store, hall_id: str, kiosk_id: str, device: str, state: str, message: str, actor: str
) -> dict[str, Any]:
    hall = store.hall(hall_id)
    now = store.now()
    at = stored(now, hall.timezone)
    with store.db.write() as conn:
        cursor = conn.execute(
            "INSERT INTO device_faults (hall, kiosk_id, device, state, message, at, business_day)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (hall.id, kiosk_id, device, state, message, at, store.day(hall, now)),
        )
    fault = {
        "id": int(cursor.lastrowid or 0),
        "hall": hall.id,
        "kiosk_id": kiosk_id,
        "device": device,
        "state": state,
        "message": message,
        "at": served(at),
    }
    store.append_event(hall, "device.fault", actor, {"fault": fault})
    return fault


def today(store: Store, hall_id: str) -> list[dict[str, Any]]:
    hall = store.hall(hall_id)
    rows = store.db.get().execute(
        "SELECT * FROM device_faults WHERE hall = ? AND business_day = ? ORDER BY id",
        (hall.id, store.day(hall, store.now())),
    )
    return [
        {
            "id": r["id"],
            "hall": r["hall"],
            "kiosk_id": r["kiosk_id"],
            "device": r["device"],
            "state": r["state"],
            "message": r["message"],
            "at": served(r["at"]),
        }
        for r in rows
    ]
