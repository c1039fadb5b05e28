"""The Store: the one way into queue state. Thread-safe; every method is one use case.

Its methods are grouped by resource, one class per module beside this one: `store_base`
(database, clock, business day, event log), `store_tickets`, `store_windows`, `store_halls`,
`store_users`, `store_tokens` (device tokens), `store_provision` (first admin, demo set-up),
`store_appointments` (slots, bookings, check-in, no-shows), `store_platform` (the platform
exchange's bookings, outcomes and sync state), `store_evaluations` (好差评, rectifications),
`store_sessions` (the dashboard's log-in), `store_dashboard` (its reads, devices seen, alerts),
`store_admin` and `store_admin_accounts` (administration, run-time overrides, the audit log).
Those call connection-level modules (`tickets`, `calling`, `windows`, `users`, `tokens`,
`faults`, `evaluations`, `rollover`, `eventlog`) and shape JSON with `store.views`.
"""

from __future__ import annotations

from queue_server.store.store_admin_accounts import AccountMethods
from queue_server.store.store_appointments import AppointmentMethods
from queue_server.store.store_base import Settings
from queue_server.store.store_dashboard import DashboardMethods
from queue_server.store.store_evaluations import EvaluationMethods
from queue_server.store.store_halls import HallMethods
from queue_server.store.store_platform import PlatformMethods
from queue_server.store.store_provision import ProvisionMethods
from queue_server.store.store_reports import ReportMethods
from queue_server.store.store_sessions import SessionMethods
from queue_server.store.store_tickets import TicketMethods
from queue_server.store.store_windows import WindowMethods

__all__ = ["Settings", "Store"]


class Store(
    TicketMethods, WindowMethods, HallMethods, ProvisionMethods, AppointmentMethods,
    PlatformMethods, EvaluationMethods, AccountMethods, SessionMethods, DashboardMethods,
    ReportMethods,
):  # fmt: skip
    """Queue state in one SQLite database (a file, or `db.MEMORY`); see the modules above."""
