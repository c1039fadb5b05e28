"""Versioned schema migrations in PRAGMA user_version. Append new steps; never edit old ones."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

import sqlite_utils

log = logging.getLogger(__name__)


def _v1_core(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("counters").create(
        {"hall": str, "prefix": str, "day": str, "last": int}, pk=("hall", "prefix", "day")
    )
    db.table("tickets").create(
        {
            "id": int,
            "hall": str,
            "service": str,
            "number": str,
            "business_day": str,
            "token": str,
            "status": str,
            "priority": str,
            "rank": int,
            "source": str,
            "issued_at": str,
            "arrived_at": str,
            "called_at": str,
            "started_at": str,
            "finished_at": str,
            "window": int,
            "clerk": str,
            "recall_count": int,
            "outcome": str,
            "holder": str,
            "id_masked": str,
            "id_hash": str,
            "kiosk_id": str,
            "transferred_from": int,
            "for_window": int,
        },
        pk="id",
        not_null={
            "hall",
            "service",
            "number",
            "business_day",
            "token",
            "status",
            "priority",
            "rank",
            "source",
            "issued_at",
            "arrived_at",
            "recall_count",
        },
        defaults={"recall_count": 0},
    )
    db.table("tickets").create_index(["token"], unique=True)
    db.table("tickets").create_index(
        ["hall", "business_day", "status", "service", "rank", "arrived_at"]
    )
    db.table("tickets").create_index(["status", "business_day"])
    db.table("tickets").create_index(["id_hash"])
    # A number is handed out once per hall and day; a transfer re-queues the same number.
    db.execute(
        "CREATE UNIQUE INDEX tickets_unique_number ON tickets(hall, business_day, number)"
        " WHERE transferred_from IS NULL"
    )
    db.table("idempotency").create(
        {"hall": str, "key": str, "ticket_id": int, "created_at": str},
        pk=("hall", "key"),
        foreign_keys=[("ticket_id", "tickets", "id")],
    )
    _v1_windows_users_faults(db)
    _v1_events(db)


def _v1_windows_users_faults(db: sqlite_utils.Database) -> None:
    db.table("windows").create(
        {
            "hall": str,
            "number": int,
            "state": str,
            "pause_reason": str,
            "clerk": str,
            "ticket_id": int,
            "last_ticket_id": int,
            "updated_at": str,
        },
        pk=("hall", "number"),
    )
    db.table("users").create(
        {
            "username": str,
            "role": str,
            "hall": str,
            "window": int,
            "password_hash": str,
            "disabled": int,
            "created_at": str,
        },
        pk="username",
        defaults={"disabled": 0},
    )
    db.table("device_faults").create(
        {
            "id": int,
            "hall": str,
            "kiosk_id": str,
            "device": str,
            "state": str,
            "message": str,
            "at": str,
            "business_day": str,
        },
        pk="id",
    )
    db.table("device_faults").create_index(["hall", "business_day"])


def _v1_events(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL, type TEXT NOT NULL, hall TEXT, actor TEXT NOT NULL,
            ticket_id INTEGER, window INTEGER, before TEXT, after TEXT, reason TEXT,
            data TEXT NOT NULL)"""
    )
    db.table("events").create_index(["hall", "seq"])
    # The log is append-only: audits and statistics rely on it never being rewritten.
    for op in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER events_no_{op.lower()} BEFORE {op} ON events "
            "BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"
        )


def _v2_call_history_index(db: sqlite_utils.Database) -> None:
    """Dispatch reads a window's recent calls (green-channel ratio) on every call-next."""
    db.table("tickets").create_index(
        ["hall", "business_day", "window", "called_at"], index_name="tickets_window_calls"
    )


def _v3_recent_service_index(db: sqlite_utils.Database) -> None:
    """Every issued ticket's ETA reads the service's last 20 finished tickets of the day: without
    this index SQLite sorted all of the day's finished tickets of the service on every issue."""
    db.execute(
        "CREATE INDEX tickets_done_recent ON tickets(hall, business_day, service, finished_at)"
        " WHERE status = 'done'"
    )


def _v4_idempotency_per_caller(db: sqlite_utils.Database) -> None:
    """Idempotency keys belong to their caller (a kiosk, a user, a device token) and remember
    their request, so another caller's key or another request under the same key never gets
    the first ticket. Keys recorded before had no caller, so no caller could match them again;
    they only served that day's retries and are not carried over."""
    db.table("idempotency").drop()
    db.execute(
        """CREATE TABLE idempotency (
            hall TEXT NOT NULL, caller TEXT NOT NULL, key TEXT NOT NULL,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id), request TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (hall, caller, key))"""
    )


def _v5_device_tokens(db: sqlite_utils.Database) -> None:
    """Every device token minted gets a row (never the token itself), so it can be revoked."""
    db.table("tokens").create(
        {
            "id": str,
            "role": str,
            "hall": str,
            "window": int,
            "label": str,
            "created_at": str,
            "expires_at": str,
            "revoked_at": str,
        },
        pk="id",
        not_null={"role", "hall", "created_at", "expires_at"},
    )


def _v6_transfer_reason(db: sqlite_utils.Database) -> None:
    """A transferred ticket keeps why it was transferred, so the ticket it became can say so
    (the event log has it too, but is not indexed by ticket); earlier transfers are copied in."""
    db.execute("ALTER TABLE tickets ADD COLUMN transfer_reason TEXT")
    db.execute(
        "UPDATE tickets SET transfer_reason = (SELECT reason FROM events WHERE"
        " events.ticket_id = tickets.id AND events.type = 'ticket.transferred' LIMIT 1)"
        " WHERE status = 'transferred'"
    )


def _v7_ticket_id_expired(db: sqlite_utils.Database) -> None:
    """A ticket remembers that its holder's ID card had expired when it was issued (only the
    flag: the card's dates are not kept), so the clerk sees it; transfers carry it on."""
    db.execute("ALTER TABLE tickets ADD COLUMN id_expired INTEGER NOT NULL DEFAULT 0")


def _v8_appointments(db: sqlite_utils.Database) -> None:
    """Appointments (never the raw ID number or phone: a keyed hash and masked forms), the
    outbox of outcomes reported back to the platform, the sync state of the pull job, the
    no-show history bans are counted from, and the slot an appointment ticket was booked for."""
    db.execute(
        """CREATE TABLE appointments (
            id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE,
            hall TEXT NOT NULL, service TEXT NOT NULL, day TEXT NOT NULL, serial INTEGER NOT NULL,
            slot_start TEXT NOT NULL, slot_end TEXT NOT NULL, state TEXT NOT NULL,
            holder TEXT, id_masked TEXT NOT NULL, id_hash TEXT NOT NULL, phone_masked TEXT,
            origin TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 0, request TEXT NOT NULL,
            ticket_id INTEGER REFERENCES tickets(id), created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL, UNIQUE (hall, day, serial))"""
    )
    db.execute("CREATE INDEX appointments_slots ON appointments(hall, service, day, state)")
    db.execute("CREATE INDEX appointments_holder ON appointments(id_hash, day)")
    db.execute("CREATE INDEX appointments_due ON appointments(state, slot_start)")
    db.execute("CREATE INDEX appointments_ticket ON appointments(ticket_id)")
    db.execute(
        """CREATE TABLE outcomes (
            id INTEGER PRIMARY KEY, external_id TEXT NOT NULL, state TEXT NOT NULL,
            at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_try TEXT NOT NULL,
            sent_at TEXT, last_error TEXT)"""
    )
    db.execute("CREATE INDEX outcomes_due ON outcomes(next_try) WHERE sent_at IS NULL")
    db.execute(
        "CREATE TABLE sync_state (id INTEGER PRIMARY KEY CHECK (id = 1), cursor TEXT,"
        " last_success TEXT, last_error TEXT)"
    )
    db.execute("CREATE TABLE no_shows (id_hash TEXT NOT NULL, at TEXT NOT NULL)")
    db.execute("CREATE INDEX no_shows_holder ON no_shows(id_hash, at)")
    db.execute("ALTER TABLE tickets ADD COLUMN slot_start TEXT")
    db.execute("ALTER TABLE tickets ADD COLUMN slot_end TEXT")


def _v9_notifications(db: sqlite_utils.Database) -> None:
    """Phone numbers for notifications, encrypted under the key file's phone key (never in
    clear) with their masked form, on tickets and bookings; the outbox of notifications, one
    row per message key so a message is queued once and sent at most once acknowledged."""
    db.execute("ALTER TABLE tickets ADD COLUMN phone_sealed BLOB")
    db.execute("ALTER TABLE tickets ADD COLUMN phone_masked TEXT")
    db.execute("ALTER TABLE appointments ADD COLUMN phone_sealed BLOB")
    db.execute(
        """CREATE TABLE notifications (
            id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, hall TEXT NOT NULL,
            day TEXT NOT NULL, kind TEXT NOT NULL, phone_sealed BLOB, phone_masked TEXT,
            text TEXT NOT NULL, created_at TEXT NOT NULL, next_try TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, sent_at TEXT, last_error TEXT, dropped TEXT)"""
    )
    db.execute(
        "CREATE INDEX notifications_due ON notifications(next_try)"
        " WHERE sent_at IS NULL AND dropped IS NULL"
    )


def _v10_evaluations(db: sqlite_utils.Database) -> None:
    """好差评: evaluations of finished tickets (count 1, and 2 for the follow-up), the
    rectification item of each bad review, and the window prompts a pad may answer."""
    db.execute(
        """CREATE TABLE evaluations (
            id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            hall TEXT NOT NULL, count INTEGER NOT NULL, level INTEGER NOT NULL,
            reasons TEXT NOT NULL, text TEXT NOT NULL, channel INTEGER NOT NULL,
            at TEXT NOT NULL, UNIQUE (ticket_id, count))"""
    )
    db.execute("CREATE INDEX evaluations_time ON evaluations(at)")
    db.execute(
        """CREATE TABLE rectifications (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER NOT NULL UNIQUE REFERENCES evaluations(id),
            hall TEXT NOT NULL, state TEXT NOT NULL, opened_at TEXT NOT NULL,
            deadline TEXT NOT NULL, visited_at TEXT, visit_result TEXT, visited_by TEXT,
            reply TEXT, replied_at TEXT, replied_by TEXT)"""
    )
    db.execute("CREATE INDEX rectifications_hall ON rectifications(hall, state)")
    db.execute(
        """CREATE TABLE evaluation_prompts (
            id INTEGER PRIMARY KEY, hall TEXT NOT NULL, window INTEGER NOT NULL,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id), prompted_at TEXT NOT NULL,
            expires_at TEXT NOT NULL, closed_at TEXT)"""
    )
    db.execute("CREATE INDEX evaluation_prompts_window ON evaluation_prompts(hall, window, id)")


def _v11_admin(db: sqlite_utils.Database) -> None:
    """Administration: run-time overrides of the district file (window services, a hall's
    hours, target wait and services, a service's daily cap, a hall's notice lines), and the
    audit log of every administrative change (who, when, what, before and after)."""
    db.execute(
        """CREATE TABLE overrides (
            scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
            updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (scope, key))"""
    )
    db.execute(
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
            hall TEXT, action TEXT NOT NULL, target TEXT NOT NULL, before TEXT, after TEXT)"""
    )
    db.execute("CREATE INDEX audit_log_hall ON audit_log(hall, id)")


def _v13_report_summaries(db: sqlite_utils.Database) -> None:
    """Report summaries (store/report_summary.py): each hall's day summed per service, window and
    clerk together (cells), and per hall, service, window or clerk alone (groups) with their
    wait histograms (106 bins, engine/reports.py), the same per month (full months of closed
    days); where each bad review's ticket was; what each day's summary has seen; and the
    window-state events indexed by hall and time."""
    counts = (
        "issued", "called", "served", "no_show", "transferred", "cancelled", "left_at_close",
        "left_wait_s", "wait_n", "wait_s", "within_target", "requeue_n", "requeue_s", "service_n",
        "service_s", "appointments", "punctual", "evaluations", "satisfied", "bad", "pause_s",
        "idle_s",
    )  # fmt: skip
    columns = ", ".join(f"{name} NUMERIC NOT NULL DEFAULT 0" for name in counts)
    db.execute(
        f"""CREATE TABLE report_cells (day TEXT NOT NULL, hall TEXT NOT NULL,
            service TEXT NOT NULL, window INTEGER NOT NULL, clerk TEXT NOT NULL, {columns},
            PRIMARY KEY (day, hall, service, window, clerk)) WITHOUT ROWID"""
    )
    # Cross filters (a service's windows, a window's clerks, a clerk's windows) read the cells.
    for name, indexed in (("service", "service, day"), ("clerk", "clerk, day"),
                          ("window", "hall, window, day")):  # fmt: skip
        db.execute(f"CREATE INDEX report_cells_{name} ON report_cells({indexed})")
    bins = ", ".join(f"b{index} INTEGER NOT NULL DEFAULT 0" for index in range(106))
    db.execute(
        f"""CREATE TABLE report_groups (kind TEXT NOT NULL, day TEXT NOT NULL,
            hall TEXT NOT NULL, key TEXT NOT NULL, {columns}, {bins},
            PRIMARY KEY (kind, day, hall, key)) WITHOUT ROWID"""
    )
    db.execute(
        f"""CREATE TABLE report_months (kind TEXT NOT NULL, month TEXT NOT NULL,
            hall TEXT NOT NULL, key TEXT NOT NULL, {columns}, {bins},
            PRIMARY KEY (kind, month, hall, key)) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE report_bad_reviews (evaluation_id INTEGER PRIMARY KEY,
            day TEXT NOT NULL, hall TEXT NOT NULL, service TEXT NOT NULL,
            window INTEGER NOT NULL, clerk TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX report_bad_reviews_day ON report_bad_reviews(day, hall)")
    db.execute(
        """CREATE TABLE report_builds (hall TEXT NOT NULL, day TEXT NOT NULL,
            built_at TEXT NOT NULL, tickets_seen INTEGER NOT NULL,
            evaluations_seen INTEGER NOT NULL, final INTEGER NOT NULL,
            PRIMARY KEY (hall, day)) WITHOUT ROWID"""
    )
    db.execute(
        "CREATE INDEX events_window_states ON events(hall, at)"
        " WHERE type IN ('window.paused', 'window.resumed')"
    )


def _v12_dashboard(db: sqlite_utils.Database) -> None:
    """The manager's dashboard: browser sessions (only a hash of the cookie's id is kept),
    when each device token was last heard from, and the alerts raised (one row per alert key
    while it holds: raised once, cleared when resolved)."""
    db.execute(
        """CREATE TABLE dash_sessions (
            id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL,
            created_at TEXT NOT NULL, expires INTEGER NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE device_seen (
            token_id TEXT PRIMARY KEY, hall TEXT NOT NULL, role TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '', last_seen TEXT NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE alerts (
            key TEXT PRIMARY KEY, hall TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL,
            raised_at TEXT NOT NULL, cleared_at TEXT)"""
    )
    db.execute("CREATE INDEX alerts_open ON alerts(hall) WHERE cleared_at IS NULL")


def _v14_unfinished_index(db: sqlite_utils.Database) -> None:
    """Partial indexes for the day's close: the unfinished tickets and those holding a phone
    number are few, and without these the close read every earlier ticket of the hall."""
    db.execute(
        "CREATE INDEX tickets_unfinished ON tickets(hall, business_day)"
        " WHERE status IN ('waiting', 'called', 'serving')"
    )
    db.execute(
        "CREATE INDEX tickets_with_phone ON tickets(hall, business_day)"
        " WHERE phone_masked IS NOT NULL"
    )


def _v15_arrivals_index(db: sqlite_utils.Database) -> None:
    """The waiting estimate's expected arrivals: the hall's tickets of the last hour, read from
    the index alone (`queries.arrival_rates`)."""
    db.execute(
        "CREATE INDEX tickets_arrivals"
        " ON tickets(hall, business_day, arrived_at, service, priority, transferred_from)"
    )


Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: tuple[Migration, ...] = (
    _v1_core,
    _v2_call_history_index,
    _v3_recent_service_index,
    _v4_idempotency_per_caller,
    _v5_device_tokens,
    _v6_transfer_reason,
    _v7_ticket_id_expired,
    _v8_appointments,
    _v9_notifications,
    _v10_evaluations,
    _v11_admin,
    _v12_dashboard,
    _v13_report_summaries,
    _v14_unfinished_index,
    _v15_arrivals_index,
)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _file_of(conn: sqlite3.Connection) -> str:
    """The main database's file, or "in memory"."""
    row = conn.execute("SELECT file FROM pragma_database_list WHERE name = 'main'").fetchone()
    return str(row[0]) if row and row[0] else "in memory"


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to the newest schema, one transaction per step; the version."""
    db = sqlite_utils.Database(conn)
    version = schema_version(conn)
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= number:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                continue
            step(db)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        log.info("database %s migrated to schema version %d", _file_of(conn), number)
    return schema_version(conn)
