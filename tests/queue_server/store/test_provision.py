"""Setting up a database: the first admin's rules, demo-tokens.json (0600, atomic, kept while
valid) and the demo accounts only on request."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from queue_server.clock import MovableClock
from queue_server.store import Settings, Store
from queue_server.store.provision import (
    ADMIN_PASSWORD_MIN,
    DEMO_COST,
    DEMO_PASSWORD,
    generate_password,
)
from queue_server.store.users import PasswordHash, UserError, credentials
from tests.queue_server._district import small_district


@pytest.fixture
def file_store(tmp_path: Path, clock: MovableClock) -> Iterator[Store]:
    store = Store(tmp_path / "queue.db", small_district(), clock=clock)
    yield store
    store.close()


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual umask: files would be world-readable by default
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_demo_tokens_file_is_0600_when_written_and_rewritten(
    file_store: Store, umask_022: None
) -> None:
    path = file_store.write_demo_tokens("http://127.0.0.1:8600")
    assert mode(path) == 0o600
    file_store.set_demo_server("http://127.0.0.1:9999")
    assert mode(path) == 0o600
    assert json.loads(path.read_text())["server"] == "http://127.0.0.1:9999"
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_a_world_readable_tokens_file_from_before_becomes_0600(
    file_store: Store, umask_022: None
) -> None:
    path = file_store.write_demo_tokens("http://127.0.0.1:8600")
    path.chmod(0o644)
    file_store.set_demo_server("http://127.0.0.1:8600")  # same address: nothing to rewrite
    assert mode(path) == 0o600


def test_demo_tokens_are_kept_while_valid_and_renewed_once_one_is_revoked(
    file_store: Store,
) -> None:
    path = file_store.ensure_demo_tokens("http://127.0.0.1:8600")
    first = json.loads(path.read_text())
    assert len(file_store.device_tokens()) == 2 * len(file_store.district.halls)
    assert file_store.ensure_demo_tokens("http://127.0.0.1:8600") == path
    assert json.loads(path.read_text()) == first  # kept: every token still works
    revoked = file_store.device_tokens()[0]
    file_store.revoke_device_token(revoked.id)
    renewed = json.loads(file_store.ensure_demo_tokens("http://127.0.0.1:8600").read_text())
    assert renewed["kiosk"].keys() == first["kiosk"].keys()
    assert set(renewed["kiosk"].values()).isdisjoint(first["kiosk"].values())


def test_a_new_store_has_no_accounts_and_no_tokens(file_store: Store) -> None:
    assert file_store.users() == [] and file_store.device_tokens() == []
    assert file_store.needs_first_admin()
    assert not file_store.path.with_name("demo-tokens.json").exists()


def test_the_first_admin_needs_a_long_password(file_store: Store) -> None:
    with pytest.raises(UserError, match=f"at least {ADMIN_PASSWORD_MIN} characters"):
        file_store.add_first_admin("admin", "x" * (ADMIN_PASSWORD_MIN - 1))
    password = generate_password()
    assert len(password) >= 20 and password != generate_password()
    admin = file_store.add_first_admin("admin", password)
    assert (admin.role, admin.hall) == ("admin", "*")
    assert not file_store.needs_first_admin()
    assert file_store.verify_user("admin", password) == admin


def test_demo_accounts_are_hashed_cheaply_and_re_hashed_at_the_servers_cost_on_sign_in(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "queue.db", small_district(), settings=Settings(password_cost=2**14))
    store.add_demo_users()

    def cost(username: str) -> int:
        with store.db.read() as conn:
            found = credentials(conn, username)
        assert found is not None
        parsed = PasswordHash.parse(found[1])
        assert parsed is not None
        return parsed.n

    assert cost("admin") == DEMO_COST < 2**14  # the demo password is public anyway
    assert store.verify_user("admin", DEMO_PASSWORD) is not None
    assert cost("admin") == 2**14
    store.close()
