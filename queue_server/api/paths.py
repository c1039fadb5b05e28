"""Numbers in paths: one strict parse, whose value both the permission check and the route use.

FastAPI's own `int` parse is lenient (`+2`, `2.0`, ` 2`, `2_0` and `٢` are numbers to it), so a
check on the raw segment and the route's number could disagree. Here a window number is 1 to 4
ASCII digits without a leading zero, one spelling per number; anything else answers 422
`invalid_input`. FastAPI caches the parse per request, so `allow()` and the route share it.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.exceptions import RequestValidationError

from queue_server.engine.district import WINDOW_MAX

WINDOW_PATTERN = rf"^[1-9][0-9]{{0,{len(str(WINDOW_MAX)) - 1}}}$"  # 1..WINDOW_MAX, no leading 0
_WINDOW = re.compile(WINDOW_PATTERN)
_WINDOW_RULE = f"a window number 1-{WINDOW_MAX}: ASCII digits without sign, space or leading zero"


async def window_in_path(request: Request) -> int | None:
    """The path's `{window}` as a number (None on routes without one); 422 unless strict."""
    raw = request.path_params.get("window")
    if raw is None:
        return None
    if not isinstance(raw, str) or _WINDOW.fullmatch(raw) is None:
        raise RequestValidationError(
            [{"type": "window_number", "loc": ("path", "window"), "msg": _WINDOW_RULE}]
        )
    return int(raw)


async def _route_window(
    number: Annotated[int | None, Depends(window_in_path)],
    # Only documents `{window}` in /openapi.json; `number` above is its parse.
    window: Annotated[str, Path(description=_WINDOW_RULE, pattern=WINDOW_PATTERN)],
) -> int:
    assert number is not None  # WindowNumber is used only by routes with `{window}`
    return number


WindowNumber = Annotated[int, Depends(_route_window)]
