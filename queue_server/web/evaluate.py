"""The citizen's evaluation page `/t/{token}/evaluate` (from the phone page once the ticket is
done), and the shared evaluation form (their static files: the phone page's `/static/`).

Server-rendered, Chinese first and English with `?lang=en`; the form posts without JavaScript
(`static/evaluate.js` only shows the reasons of the level chosen). No level is pre-selected."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from queue_server.api.deps import State
from queue_server.api.forms import form_fields
from queue_server.engine.errors import QueueError, UnknownTicket
from queue_server.engine.evaluation import Submission
from queue_server.web import evaluate_texts, pad
from queue_server.web.evaluation_pages import (
    Chosen,
    chosen_of,
    form_context,
    message,
    page,
)

router = APIRouter(include_in_schema=False)  # pages, not the JSON contract
QR_CHANNEL, LINK_CHANNEL = 3, 2  # the receipt's QR code; a link (e.g. an SMS invitation)


def citizen_page(
    state: State, token: str, lang: str, *, chosen: Chosen | None = None, error: str = "",
    status: int = 200, channel: int = QR_CHANNEL,
) -> HTMLResponse:  # fmt: skip
    shown = state.store.evaluation(token)
    return page(
        "evaluate.html", lang, status, token=token, shown=shown, error=error,
        channel=channel, **form_context(lang, chosen or Chosen()),
    )  # fmt: skip


@router.get("/t/{token}/evaluate", response_class=HTMLResponse)
def evaluation_page(
    token: str, state: State, lang: str | None = None, via: str | None = None
) -> Response:
    """The evaluation form of a finished ticket, or what was recorded and the hall's reply."""
    chosen = evaluate_texts.language(lang)
    try:
        return citizen_page(state, token, chosen, channel=_channel(via))
    except UnknownTicket:
        return RedirectResponse(f"/t/{token}", status_code=303)  # the phone page's friendly 404


@router.post("/t/{token}/evaluate", response_class=HTMLResponse)
async def submit_evaluation(
    token: str, request: Request, state: State, lang: str | None = None, via: str | None = None
) -> Response:
    """The form's post: stored, then back to the page (303); a refusal shows on the form."""
    chosen_lang = evaluate_texts.language(lang)
    chosen = chosen_of(await form_fields(request))
    channel = _channel(via)
    entry = Submission(chosen.level, tuple(chosen.reasons), chosen.text, channel, chosen.follow_up)
    try:
        await state.write(state.store.evaluate, token, entry)
    except UnknownTicket:
        return RedirectResponse(f"/t/{token}", status_code=303)
    except QueueError as err:
        return citizen_page(state, token, chosen_lang, chosen=chosen, channel=channel,
                            error=message(err, chosen_lang), status=err.http_status)  # fmt: skip
    suffix = "&".join(part for part in (f"lang={lang}" if lang == "en" else "",
                                         "via=link" if via == "link" else "") if part)  # fmt: skip
    return RedirectResponse(f"/t/{token}/evaluate" + (f"?{suffix}" if suffix else ""), 303)


def _channel(via: str | None) -> int:
    return LINK_CHANNEL if via == "link" else QR_CHANNEL


router.include_router(pad.router)  # the window pad's pages ride on this router
