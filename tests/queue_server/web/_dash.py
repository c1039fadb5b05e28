"""Helpers of the dashboard tests: sign in through the log-in form, add a hall's manager."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import httpx

from queue_server.store import users
from tests.fixtures.live_server import LiveServer

PASSWORD = "demo1234"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
FORM_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(client: httpx.Client) -> str:
    """GET the log-in form: its CSRF field (its cookie is now in the client's jar)."""
    page = client.get("/manage/login")
    found = FORM_CSRF.search(page.text)
    assert page.status_code == 200 and found, page.text[:500]
    return found.group(1)


def sign_in(client: httpx.Client, username: str, password: str = PASSWORD) -> httpx.Response:
    """Post the log-in form as a browser does (the answer is not followed)."""
    token = form_token(client)
    body = {"username": username, "password": password, "csrf_token": token, "next": "/manage"}
    return client.post("/manage/login", data=body)


def page_csrf(client: httpx.Client, path: str = "/manage") -> str:
    """The session's CSRF token, as a page carries it in its `csrf-token` meta tag."""
    page = client.get(path)
    found = CSRF_META.search(page.text)
    assert page.status_code == 200 and found, (page.status_code, page.text[:300])
    return found.group(1)


def add_user(server: LiveServer, username: str, role: str, hall: str) -> None:
    """A user written straight into the server's database (password PASSWORD, low cost)."""
    with closing(sqlite3.connect(server.db_path, timeout=30)) as conn, conn:
        users.add(conn, username, PASSWORD, role, hall, created_at="2026-01-01T00:00:00+00:00",
                  n=2**8)  # fmt: skip
