"""The server's live event stream (server-sent events) as Qt signals, reconnecting by itself."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import requests
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


@dataclass
class ServerEvent:
    id: str | None
    type: str
    data: dict


def parse_sse(lines: Iterable[str]) -> Iterator[ServerEvent | None]:
    """Turn SSE lines into events; yields None for a comment (heartbeat) so callers see liveness."""
    event_id: str | None = None
    event_type = "message"
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield ServerEvent(event_id, event_type, _json_or_text("\n".join(data)))
            event_type, data = "message", []
            continue
        if line.startswith(":"):
            yield None
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "id":
            event_id = value
        elif field == "event":
            event_type = value
        elif field == "data":
            data.append(value)


def _json_or_text(text: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {"text": text}
    return value if isinstance(value, dict) else {"value": value}


def _text(line: str | bytes | None) -> str:
    if isinstance(line, bytes):
        return line.decode("utf-8", errors="replace")
    return line or ""


class EventStream(QObject):
    """Follows `GET <url>` (an SSE endpoint) on a background thread.

    Signals are emitted from that thread; Qt queues them to receivers on the GUI thread.
    `connected` fires on every (re)connection, `disconnected(reason)` when the stream drops;
    after a reconnect the server replays what was missed (Last-Event-ID).
    """

    received = Signal(str, dict)  # (event type, data)
    connected = Signal()
    disconnected = Signal(str)
    heartbeat = Signal()

    def __init__(
        self,
        url: str,
        token: str,
        parent: QObject | None = None,
        read_timeout: float = 30.0,
        max_backoff: float = 5.0,
    ) -> None:
        super().__init__(parent)
        self.url = url
        self.token = token
        self.read_timeout = read_timeout
        self.max_backoff = max_backoff
        self.last_event_id: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._response: requests.Response | None = None

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="event-stream", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            response.close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        backoff = 0.2
        while not self._stop.is_set():
            try:
                self._follow()
                reason = "stream ended"
            except (requests.RequestException, OSError, AttributeError) as err:
                # AttributeError: urllib3 after stop() closed the response under the reader.
                reason = str(err)
            if self._stop.is_set():
                break
            log.info("event stream %s dropped (%s); retrying in %.1f s", self.url, reason, backoff)
            self.disconnected.emit(reason)
            self._stop.wait(backoff)
            backoff = min(backoff * 2, self.max_backoff)
        self._response = None

    def _follow(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"}
        if self.last_event_id:
            headers["Last-Event-ID"] = self.last_event_id
        with requests.get(
            self.url, headers=headers, stream=True, timeout=(3.0, self.read_timeout)
        ) as response:
            self._response = response
            if response.status_code != 200:
                raise requests.HTTPError(f"HTTP {response.status_code} from {self.url}")
            self.connected.emit()
            lines = response.iter_lines(decode_unicode=True)
            for item in parse_sse(_text(line) for line in lines):
                if self._stop.is_set():
                    return
                if item is None:
                    self.heartbeat.emit()
                    continue
                if item.id:
                    self.last_event_id = item.id
                self.received.emit(item.type, item.data)
