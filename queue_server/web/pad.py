"""The window's evaluation pad `/pad/{hall}/{window}?token=PAD_TOKEN`: a tablet facing the
citizen. It waits; the clerk's evaluation prompt opens the form for the ticket just finished
(`static/pad.js` follows the hall's event stream; without JavaScript it refreshes itself); the
citizen rates it (channel 4). The pad rates only its window's open prompt and picks nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from queue_server import auth
from queue_server.api.deps import State, principal_for
from queue_server.api.forms import form_fields
from queue_server.engine.errors import Forbidden, QueueError
from queue_server.engine.evaluation import PAD_CHANNEL, Submission
from queue_server.engine.evaluation_errors import EvaluationRefused
from queue_server.engine.roles import Role
from queue_server.web import evaluate_texts
from queue_server.web.evaluation_pages import (
    Chosen,
    chosen_of,
    form_context,
    message,
    number_of,
    page,
)

router = APIRouter(include_in_schema=False)
WAIT_REFRESH_SECONDS = 5  # the waiting pad without JavaScript looks for a prompt this often
THANKS_SECONDS = 6  # the thank-you screen shows this long, then the pad waits again


def check_pad(state: State, token: str | None, hall: str, window: int) -> None:
    """The token is a pad token of this hall and window (401/403 otherwise)."""
    who = principal_for(state, token)
    auth.require_role(who, (Role.PAD,))
    auth.require_hall(who, state.store.hall(hall).id)
    if who.window != window:
        raise Forbidden("该评价器令牌不属于此窗口。", "This pad token is not this window's.",
                        code="wrong_window")  # fmt: skip


def pad_page(
    state: State, hall: str, window: int, token: str, lang: str, *, chosen: Chosen | None = None,
    error: str = "", status: int = 200, thanks: bool = False,
) -> HTMLResponse:  # fmt: skip
    prompt = None if thanks else state.store.pad_prompt(hall, window)
    zone = ZoneInfo(state.store.hall(hall).timezone)
    closes = ""
    if prompt is not None:
        closes = datetime.fromisoformat(prompt["expires_at"]).astimezone(zone).strftime("%H:%M")
    context: dict[str, Any] = {
        "hall": hall, "window": window, "token": token, "prompt": prompt, "closes": closes,
        "error": error, "thanks": thanks, "wait_refresh": WAIT_REFRESH_SECONDS,
        "thanks_seconds": THANKS_SECONDS,
    }  # fmt: skip
    return page("pad.html", lang, status, **context, **form_context(lang, chosen or Chosen()))


def refused_page(err: QueueError, lang: str) -> HTMLResponse:
    say = evaluate_texts.TEXTS[lang]
    return page("pad.html", lang, err.http_status, refused=say["pad_refused"].format(
        reason=message(err, lang)), prompt=None, thanks=False)  # fmt: skip


@router.get("/pad/{hall}/{window}", response_class=HTMLResponse)
def pad(
    hall: str, window: int, state: State, token: str | None = None, lang: str | None = None
) -> HTMLResponse:
    chosen = evaluate_texts.language(lang)
    try:
        check_pad(state, token, hall, window)
    except QueueError as err:
        return refused_page(err, chosen)
    return pad_page(state, hall, window, str(token), chosen)


@router.post("/pad/{hall}/{window}", response_class=HTMLResponse)
async def pad_submit(
    hall: str, window: int, request: Request, state: State, token: str | None = None,
    lang: str | None = None,
) -> HTMLResponse:  # fmt: skip
    """The pad's form: stored for the open prompt it names, then a thank-you screen."""
    chosen_lang = evaluate_texts.language(lang)
    try:
        check_pad(state, token, hall, window)
    except QueueError as err:
        return refused_page(err, chosen_lang)
    fields = await form_fields(request)
    chosen, prompt = chosen_of(fields), number_of(fields, "prompt")
    entry = Submission(
        chosen.level, tuple(chosen.reasons), chosen.text, PAD_CHANNEL, follow_up=False
    )
    try:
        await state.write(state.store.evaluate_at_pad, hall, window, prompt, entry)
    except EvaluationRefused as err:  # the prompt ended: back to waiting, saying why
        return pad_page(
            state, hall, window, str(token), chosen_lang, error=message(err, chosen_lang)
        )
    except QueueError as err:
        return pad_page(state, hall, window, str(token), chosen_lang, chosen=chosen,
                        error=message(err, chosen_lang), status=err.http_status)  # fmt: skip
    return pad_page(state, hall, window, str(token), chosen_lang, thanks=True)
