"""Refusals of administrative changes (window services, hall settings, accounts, device tokens),
in the `engine.errors` tree."""

from __future__ import annotations

from queue_server.engine.errors import Conflict, Invalid, NotFound


class InvalidServices(Invalid):
    """A window's new service list is empty, repeats a code or names one the hall lacks."""

    default_code = "invalid_services"

    def __init__(self, hall: str, problem_zh: str, problem_en: str) -> None:
        super().__init__(
            f"服务事项设置无效：{problem_zh}。", f"Invalid services for {hall}: {problem_en}."
        )


class InvalidSettings(Invalid):
    """A hall's or service's new setting is out of range (hours, target wait, daily cap)."""

    default_code = "invalid_settings"

    def __init__(self, problem_zh: str, problem_en: str) -> None:
        super().__init__(f"设置无效：{problem_zh}。", f"Invalid setting: {problem_en}.")


class UnknownAccount(NotFound):
    """No clerk account of that name in the hall."""

    default_code = "unknown_account"

    def __init__(self, hall: str, username: str) -> None:
        super().__init__(
            f"本大厅没有账号 {username}。", f"Hall {hall} has no clerk account {username!r}."
        )


class AccountExists(Conflict):
    default_code = "account_exists"

    def __init__(self, username: str) -> None:
        super().__init__(
            f"账号 {username} 已存在，请换一个用户名。",
            f"The account {username!r} already exists; choose another name.",
        )


class UnknownDeviceToken(NotFound):
    """No kiosk, display or pad token of that id in the hall."""

    default_code = "unknown_device_token"

    def __init__(self, hall: str, token_id: str) -> None:
        super().__init__(
            f"本大厅没有编号为 {token_id} 的设备令牌。",
            f"Hall {hall} has no device token {token_id!r}.",
        )
