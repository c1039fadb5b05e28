"""Device tokens in the store: recorded by id, listed, revoked, checked; never kept as text."""

from __future__ import annotations

from datetime import timedelta

import pytest

from queue_server import auth
from queue_server.clock import MovableClock
from queue_server.engine.errors import Unauthorized
from queue_server.store import Store
from queue_server.store.tokens import TokenError, TokenSpec


def test_a_device_token_carries_the_id_of_its_record(store: Store) -> None:
    record, token = store.create_device_token(TokenSpec("clerk", "qixia", 3, "window 3"))
    principal = auth.verify(store.token_key, token, store.clock())
    assert principal.token_id == record.id
    bound = (record.role, record.hall, record.window, record.label)
    assert bound == ("clerk", "qixia", 3, "window 3")
    assert store.device_tokens() == [record]
    store.check_device_token(record.id)  # on record, not revoked: accepted


def test_the_token_text_is_never_stored(store: Store) -> None:
    record, token = store.create_device_token(TokenSpec("kiosk", "qixia"))
    with store.db.read() as conn:
        stored = [tuple(row) for row in conn.execute("SELECT * FROM tokens")]
    assert stored and all(token not in str(value) for row in stored for value in row)
    assert token.split(".")[2] not in str(stored)  # nor its signature


def test_revoking_one_token_leaves_the_others(store: Store, clock: MovableClock) -> None:
    first, _ = store.create_device_token(TokenSpec("display", "qixia"))
    second, _ = store.create_device_token(TokenSpec("display", "qixia"))
    assert first.id != second.id
    clock.advance(minutes=5)
    revoked = store.revoke_device_token(first.id)
    assert revoked.state(store.clock()) == "revoked" and revoked.revoked_at is not None
    with pytest.raises(Unauthorized) as refused:
        store.check_device_token(first.id)
    assert refused.value.code == "token_revoked"
    store.check_device_token(second.id)
    clock.advance(minutes=5)
    assert store.revoke_device_token(first.id).revoked_at == revoked.revoked_at  # the first time


def test_unknown_ids_are_refused(store: Store) -> None:
    with pytest.raises(Unauthorized) as refused:
        store.check_device_token("0badc0de")
    assert refused.value.code == "invalid_token"
    with pytest.raises(TokenError, match="no device token '0badc0de'"):
        store.revoke_device_token("0badc0de")
    with pytest.raises(TokenError, match="unknown hall 'mars'"):
        store.create_device_token(TokenSpec("kiosk", "mars"))


def test_a_listed_token_shows_expired_after_its_lifetime(store: Store, clock: MovableClock) -> None:
    record, _ = store.create_device_token(TokenSpec("platform", "*", ttl=timedelta(days=2)))
    assert record.state(store.clock()) == "active"
    clock.advance(days=2, seconds=1)
    assert [r.state(store.clock()) for r in store.device_tokens()] == ["expired"]


def test_mint_names_a_user_or_a_token_id_never_neither(store: Store) -> None:
    with pytest.raises(ValueError, match="either its user or its device-token id"):
        auth.mint(store.token_key, role="kiosk", hall="qixia", now=store.clock(), ttl=timedelta(1))
