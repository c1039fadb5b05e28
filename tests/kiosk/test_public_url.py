"""The public base URL of the receipt's QR code: read, checked, and warned about when missing."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.config import ConfigError, parse_config
from kiosk.receipt import phone_page_url
from tests.kiosk import samples


def test_the_public_url_is_the_base_of_the_phone_page() -> None:
    config = parse_config(
        {
            "kiosk": {"public_url": "http://10.1.2.3:8600/"},
            "server": {"url": "http://127.0.0.1:8720"},
        }
    )
    assert (config.public_url, config.phone_base) == (
        "http://10.1.2.3:8600",
        "http://10.1.2.3:8600",
    )
    assert config.public_url_warning() is None
    ticket = samples.ticket(token="tok-abcdef123456")
    assert phone_page_url(config.phone_base, ticket) == "http://10.1.2.3:8600/t/tok-abcdef123456"
    assert phone_page_url(config.phone_base, samples.ticket(token=None)) is None  # offline


def test_without_a_public_url_the_server_address_is_used_and_staff_are_told() -> None:
    config = parse_config({"server": {"url": "http://127.0.0.1:8720"}}, "kiosk-K2.toml")
    assert config.phone_base == "http://127.0.0.1:8720"
    warning = config.public_url_warning()
    assert warning is not None
    assert warning.startswith("未设置 [kiosk] public_url")
    assert "http://127.0.0.1:8720" in warning and "phones may not reach" in warning


@pytest.mark.parametrize("value", ["10.1.2.3:8600", "ftp://10.1.2.3", "http://", 8600, ""])
def test_a_bad_public_url_names_key_and_value(value: Any) -> None:
    with pytest.raises(ConfigError, match=f"key 'public_url' has value {value!r}"):
        parse_config({"kiosk": {"public_url": value}}, "k.toml")
