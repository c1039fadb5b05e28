"""SQLite storage of queue state: schema and migrations, tickets, windows, users, the event log."""

from queue_server.store.db import MEMORY, Durability
from queue_server.store.store import Settings, Store
from queue_server.store.tickets import IdCard, IssueRequest

__all__ = ["MEMORY", "Durability", "IdCard", "IssueRequest", "Settings", "Store"]
