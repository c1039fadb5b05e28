"""The senders against fake HTTP receivers on 127.0.0.1: what they post, the webhook's
signature, failures, and a logging sender that never logs the number or the text."""

from __future__ import annotations

import logging

import pytest

from queue_server.engine import signing
from queue_server.notify.rules import SenderSettings
from queue_server.notify.senders import (
    LogSender,
    Outgoing,
    SendError,
    SmsSender,
    WebhookSender,
    make_sender,
)
from tests.queue_server.notify._gateway import fake_gateway

PHONE = "13812345678"
TOKEN = "tok-SECRET-abc"
MESSAGE = Outgoing(
    "evaluation:7", "evaluation", "qixia", PHONE, "138****5678",
    f"A001 已办结，欢迎评价：http://hall.example/t/{TOKEN}/evaluate",
)  # fmt: skip
SECRET = bytes(range(32))


def test_sms_sender_posts_the_message_with_credentials_and_its_id() -> None:
    with fake_gateway() as gateway:
        SmsSender(gateway.url, "hall-account", "pw-123").send(MESSAGE)
        (got,) = gateway.accepted()
    assert got.path == "/sms/send"
    assert got.json == {
        "account": "hall-account", "password": "pw-123", "mobile": PHONE,
        "content": MESSAGE.text, "id": "evaluation:7",
    }  # fmt: skip
    assert got.headers["Idempotency-Key"] == "evaluation:7"


@pytest.mark.parametrize("status", [500, 503, 401, 400])
def test_a_gateway_refusal_is_a_send_error(status: int) -> None:
    with fake_gateway() as gateway:
        gateway.status = status
        with pytest.raises(SendError, match=f"HTTP {status}"):
            SmsSender(gateway.url, "a", "p").send(MESSAGE)


def test_an_unreachable_gateway_is_a_send_error_without_the_password() -> None:
    with fake_gateway() as gateway:
        url = gateway.url
    with pytest.raises(SendError) as raised:  # the server is gone: connection refused
        SmsSender(url, "a", "pw-123", timeout=1).send(MESSAGE)
    assert "pw-123" not in str(raised.value)


def test_the_webhook_is_signed_over_its_body_with_the_key_file_secret() -> None:
    with fake_gateway("/hooks/notify?hall=qixia") as gateway:
        WebhookSender(gateway.url, SECRET, clock=lambda: 1_800_000_000.0).send(MESSAGE)
        (got,) = gateway.accepted()
    assert got.json["mobile"] == PHONE and got.json["id"] == "evaluation:7"
    signing.verify(SECRET, "POST", got.path, got.body, got.headers, 1_800_000_010.0,
                   signing.Replays())  # fmt: skip
    with pytest.raises(signing.SignatureError):  # another secret does not verify
        signing.verify(bytes(32), "POST", got.path, got.body, got.headers, 1_800_000_010.0,
                       signing.Replays())  # fmt: skip
    with pytest.raises(signing.SignatureError):  # nor does a changed body
        signing.verify(SECRET, "POST", got.path, got.body.replace(b"qixia", b"other"),
                       got.headers, 1_800_000_010.0, signing.Replays())  # fmt: skip


def test_the_log_sender_logs_only_the_masked_number(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        LogSender().send(MESSAGE)
    assert "138****5678" in caplog.text and "evaluation:7" in caplog.text
    assert PHONE not in caplog.text and TOKEN not in caplog.text


def test_the_configured_sender_is_made() -> None:
    assert isinstance(make_sender(SenderSettings(), SECRET, None), LogSender)
    sms = make_sender(SenderSettings("sms", "http://127.0.0.1:9/x", "acc"), SECRET, "pw")
    assert isinstance(sms, SmsSender) and sms.password == "pw"
    hook = make_sender(SenderSettings("webhook", "http://127.0.0.1:9/h"), SECRET, None)
    assert isinstance(hook, WebhookSender) and hook.secret == SECRET
