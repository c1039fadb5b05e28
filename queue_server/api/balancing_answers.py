"""Response bodies of the managers' window-switch suggestions (CONTRACT.md "Window-switch
suggestions"), for the OpenAPI description only (see `answers`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from queue_server.api.answers import Answer


class SwitchEffect(Answer):
    longest_wait_minutes: float
    mean_wait_minutes: float
    hall_mean_wait_minutes: float


class OverloadedService(Answer):
    service: str
    waiting: int
    longest_wait_minutes: float


class WindowSwitch(Answer):
    window: int
    services: list[str]
    without: SwitchEffect
    with_: SwitchEffect = Field(alias="with")


class SwitchSuggestions(Answer):
    hall: str
    at: datetime
    horizon_minutes: int
    overloaded: list[OverloadedService]
    suggestions: list[WindowSwitch]
