"""Password hashes: scrypt at current guidance, re-hashed on the next good login; the cost
setting (lower only in tests); equal work for unknown users."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from queue_server.store import Settings, Store
from queue_server.store import users as user_rows
from queue_server.store.users import PASSWORD_COST_ENV, PasswordHash, UserError
from tests.queue_server._district import small_district


def stored_hash(store: Store, username: str) -> PasswordHash:
    with sqlite3.connect(store.path) as conn:
        (value,) = conn.execute(
            "SELECT password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
    parsed = PasswordHash.parse(value)
    assert parsed is not None, value
    return parsed


def test_a_new_hash_is_scrypt_n_2_17_r_8_p_1_by_default(tmp_path: Path) -> None:
    """The production default, with no setting and no environment: current guidance."""
    assert Settings().password_cost == user_rows.password_cost({}) == 2**17
    store = Store(tmp_path / "queue.db", small_district())
    store.add_user("li", "secret-1", "manager", "*")
    made = stored_hash(store, "li")
    assert (made.n, made.r, made.p, len(made.salt), len(made.digest)) == (2**17, 8, 1, 16, 32)


def test_an_old_hash_is_replaced_at_the_next_good_login(tmp_path: Path) -> None:
    store = Store(tmp_path / "queue.db", small_district())  # the production cost, 2**17
    store.add_user("li", "secret-1", "manager", "*", cost=2**14)
    assert store.verify_user("li", "wrong-one") is None
    assert stored_hash(store, "li").n == 2**14  # a wrong password changes nothing
    user = store.verify_user("li", "secret-1")
    assert user is not None and user.username == "li"
    renewed = stored_hash(store, "li")
    assert (renewed.n, renewed.r, renewed.p) == (2**17, 8, 1)
    assert renewed.matches("secret-1")


def test_a_hash_at_the_configured_cost_is_kept(tmp_path: Path) -> None:
    store = Store(tmp_path / "queue.db", small_district(), settings=Settings(password_cost=2**8))
    store.add_user("li", "secret-1", "manager", "*")
    before = stored_hash(store, "li")
    assert before.n == 2**8 and store.verify_user("li", "secret-1") is not None
    assert stored_hash(store, "li") == before


def test_a_rehash_does_not_overwrite_a_password_changed_meanwhile(tmp_path: Path) -> None:
    store = Store(tmp_path / "queue.db", small_district(), settings=Settings(password_cost=2**8))
    store.add_user("li", "secret-1", "manager", "*")
    changed = user_rows.hash_password("secret-2", n=2**8)
    with store.db.write() as conn:
        assert user_rows.replace_hash(conn, "li", old="not-the-stored-one", new=changed) is False
    assert stored_hash(store, "li").matches("secret-1")


def test_unknown_disabled_and_unreadable_users_are_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "queue.db", small_district(), settings=Settings(password_cost=2**8))
    store.add_user("li", "secret-1", "manager", "*")
    store.add_user("wang", "secret-1", "clerk", "qixia")
    store.disable_user("wang")
    with store.db.write() as conn:
        conn.execute("UPDATE users SET password_hash = 'md5$abc' WHERE username = 'li'")
    assert store.verify_user("nobody", "secret-1") is None
    assert store.verify_user("wang", "secret-1") is None
    assert store.verify_user("li", "secret-1") is None


@pytest.mark.parametrize("value", ["abc", "1000", "2", str(2**21), "-256"])
def test_a_bad_cost_in_the_environment_names_the_variable(value: str) -> None:
    with pytest.raises(UserError, match=PASSWORD_COST_ENV):
        user_rows.password_cost({PASSWORD_COST_ENV: value})


def test_the_environment_may_lower_the_cost_for_tests() -> None:
    assert user_rows.password_cost({PASSWORD_COST_ENV: "256"}) == 2**8
    assert user_rows.password_cost({PASSWORD_COST_ENV: ""}) == 2**17
