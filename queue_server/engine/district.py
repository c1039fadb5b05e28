"""The district as typed objects: halls, services, windows. Loaded from TOML by `config_loader`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cached_property

from queue_server.engine.balance import BalancingRules
from queue_server.engine.booking import BookingBook
from queue_server.engine.calendar import HallDays
from queue_server.engine.dispatch import DispatchPolicy
from queue_server.engine.evaluation_settings import EvaluationRules
from queue_server.engine.numbering import DEFAULT_TZ, business_day


@dataclass(frozen=True)
class Text:
    """A text a citizen reads: Chinese first, English second."""

    zh: str
    en: str


@dataclass(frozen=True)
class Category:
    code: str
    name: Text


@dataclass(frozen=True)
class Service:
    code: str
    name: Text
    category: str  # Category.code
    prefix: str  # 1-2 upper-case letters, unique within a hall
    id_required: bool
    appointment_allowed: bool
    expected_minutes: float
    materials: tuple[Text, ...] = ()
    daily_cap: int | None = None
    employers_only: bool = False  # done for a 单位 (employer) by its agent: no green channel


@dataclass(frozen=True)
class OpeningHours:
    weekdays: frozenset[int]  # 0 = Monday
    open: time
    close: time


WINDOW_MAX = 9999  # window numbers run 1..WINDOW_MAX (four digits on boards and in paths)


@dataclass(frozen=True)
class Window:
    hall: str
    number: int
    label: Text
    services: tuple[str, ...]  # service codes in preference order
    initially_open: bool = True
    title: Text | None = None  # what the window does, e.g. 综合窗口 / General services


@dataclass(frozen=True)
class Hall:
    id: str
    name: Text
    level: str  # district | street | park | community
    address: Text
    hours: tuple[OpeningHours, ...]
    services: tuple[str, ...]  # codes offered here
    windows: tuple[Window, ...]
    timezone: str = DEFAULT_TZ
    target_wait_minutes: int = 30
    green_channel: bool = True
    days: HallDays = field(default_factory=HallDays)  # working days: calendar + exceptions
    parent: str | None = None  # a community station's street centre: it finishes the 代办 cases

    def business_day(self, now: datetime) -> str:
        """The hall's business day at `now` as stored (`2026-11-28`): `numbering.business_day`."""
        return business_day(now, self.timezone).isoformat()

    def window(self, number: int) -> Window | None:
        return self._by_number.get(number)

    @cached_property
    def _by_number(self) -> dict[int, Window]:  # a hall has hundreds of windows at most
        return {w.number: w for w in self.windows}

    def windows_serving(self, service: str) -> tuple[Window, ...]:
        return self._by_service.get(service, ())

    @cached_property
    def _by_service(self) -> dict[str, tuple[Window, ...]]:
        found: dict[str, list[Window]] = {}
        for w in self.windows:
            for code in w.services:
                found.setdefault(code, []).append(w)
        return {code: tuple(ws) for code, ws in found.items()}


@dataclass(frozen=True)
class District:
    id: str
    name: Text
    categories: dict[str, Category]
    services: dict[str, Service]
    halls: dict[str, Hall] = field(default_factory=dict)
    dispatch: DispatchPolicy = field(default_factory=DispatchPolicy)
    timezone: str = DEFAULT_TZ  # halls default to it; district-wide answers (health) use it
    booking: BookingBook = field(default_factory=BookingBook)  # appointment rules
    evaluation: EvaluationRules = field(default_factory=EvaluationRules)  # 好差评
    balancing: BalancingRules = field(default_factory=BalancingRules)  # 跨窗通办, other halls
