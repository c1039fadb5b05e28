"""What stands between a flood of logins and the password hash: a bound on hashes at once, and
the refusals (429 `too_many_attempts`, 503 `login_busy`) with their Retry-After."""

from __future__ import annotations

import asyncio
import math
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from queue_server.api.errors import error_body

T = TypeVar("T")
# Half the CPUs at most: the other half stays for the queue (calls, kiosks) during a flood.
HASH_SLOTS = max(1, (os.cpu_count() or 1) // 2)
HASH_WAIT_SECONDS = 3.0


class LoginBusy(Exception):
    """Every hash slot stayed taken for the whole wait."""


class HashSlots:
    """At most `slots` password hashes at once (each scrypt takes 128 MiB); the others wait on
    the event loop, not in a thread, for at most `wait_seconds`, then are refused."""

    def __init__(self, slots: int = HASH_SLOTS, wait_seconds: float = HASH_WAIT_SECONDS) -> None:
        self.wait_seconds = wait_seconds
        self._free = asyncio.Semaphore(slots)  # binds to the loop that first waits on it

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one slot for the block; LoginBusy if none frees up in time."""
        try:
            await asyncio.wait_for(self._free.acquire(), self.wait_seconds)
        except TimeoutError as err:
            raise LoginBusy() from err
        try:
            yield
        finally:
            self._free.release()

    async def run(self, work: Callable[[], T]) -> T:
        """`work()` in a worker thread while holding a slot."""
        async with self.slot():
            return await run_in_threadpool(work)


def too_many_attempts(seconds: int) -> JSONResponse:
    zh, en = _wait_text(seconds)
    return _refusal(
        429,
        "too_many_attempts",
        f"登录尝试次数过多，请在 {zh}后再试。",
        f"Too many sign-in attempts; try again in {en}.",
        seconds,
    )


def login_busy(seconds: float) -> JSONResponse:
    wait = max(1, math.ceil(seconds))
    zh, en = _wait_text(wait)
    return _refusal(
        503,
        "login_busy",
        f"登录繁忙，请在 {zh}后再试。",
        f"Sign-in is busy; try again in {en}.",
        wait,
    )


def _refusal(status: int, code: str, zh: str, en: str, seconds: int) -> JSONResponse:
    return JSONResponse(
        error_body(code, zh, en, retry_after=seconds),
        status_code=status,
        headers={"Retry-After": str(seconds)},
    )


def _wait_text(seconds: int) -> tuple[str, str]:
    """`(zh, en)` for a wait: seconds under two minutes, else whole minutes (rounded up)."""
    if seconds < 120:
        return f"{seconds} 秒", f"{seconds} s"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} 分钟", f"{minutes} min"
