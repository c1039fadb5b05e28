"""Posted HTML forms: the pages' forms and the session cookie's CSRF field read them."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import Request


async def form_fields(request: Request) -> dict[str, list[str]]:
    """The posted form (application/x-www-form-urlencoded)."""
    return parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=64)
