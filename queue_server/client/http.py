"""The one module that sends HTTP to the queue-server: session, Bearer token, timeouts, retries,
the mapping of answers onto the error tree, and the streaming GET of the event streams.

Blocking: GUI programs call it off their GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import requests

from queue_server.client.errors import refusal, server_failure, unreachable, unreadable

log = logging.getLogger(__name__)

Timeout = float | tuple[float, float]  # seconds, or (connect, read) as requests takes them
STREAM_CONNECT_TIMEOUT = 3.0


class Transport:
    """One server, one requests.Session, one token; every program's calls go through it."""

    def __init__(
        self,
        server: str,
        token: str | None = None,
        timeout: Timeout = 3.0,
        session: requests.Session | None = None,
    ) -> None:
        self.server = server.rstrip("/")
        self.token = token  # read at every request: a new login takes effect at once
        self.timeout = timeout
        self.session = session or requests.Session()

    def url(self, path: str) -> str:
        return self.server + path

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, retries: int = 0
    ) -> Any:
        """The answer's JSON (None for an empty answer). With `retries`, a request that got no
        answer is sent again unchanged: only for requests the server dedupes by their key."""
        url = self.url(path)
        for attempt in range(retries + 1):
            try:
                response = self.session.request(
                    method, url, json=body, headers=self.headers(), timeout=self.timeout
                )
            except requests.RequestException as err:
                if attempt < retries:
                    log.info("%s %s failed (%s); sending it again", method, url, err)
                    continue
                raise unreachable(self.server, f"{method} {url}: {err}") from err
            return _answer(response, f"{method} {url}")
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def open_stream(
        self, path: str, last_event_id: str | None = None, read_timeout: float = 30.0
    ) -> StreamLines:
        """GET a server-sent-events endpoint; raises the error tree unless it answers 200."""
        headers = {**self.headers(), "Accept": "text/event-stream"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        url = self.url(path)
        timeout = (STREAM_CONNECT_TIMEOUT, read_timeout)
        try:
            response = self.session.get(url, headers=headers, stream=True, timeout=timeout)
        except requests.RequestException as err:
            raise unreachable(self.server, f"GET {url}: {err}") from err
        if response.status_code != 200:
            with response:  # read the error document, then give the connection back
                try:
                    _answer(response, f"GET {url}")
                except requests.RequestException as err:
                    raise unreachable(self.server, f"GET {url}: {err}") from err
            raise unreadable(f"GET {url}: HTTP {response.status_code} instead of a stream")
        return StreamLines(response, self.server, url)


class StreamLines:
    """An open event stream: iterate for its text lines; `close()` from any thread ends it."""

    def __init__(self, response: requests.Response, server: str, url: str) -> None:
        self._response = response
        self._server = server
        self._url = url

    def __iter__(self) -> Iterator[str]:
        try:
            for line in self._response.iter_lines():
                yield line.decode("utf-8", errors="replace")  # SSE is always UTF-8
        # AttributeError: urllib3 when close() took the connection away under the reader
        except (requests.RequestException, OSError, AttributeError) as err:
            raise unreachable(self._server, f"GET {self._url}: stream dropped: {err}") from err

    def close(self) -> None:
        self._response.close()


def _answer(response: requests.Response, where: str) -> Any:
    """The JSON of a successful answer, or the error the status says."""
    status = response.status_code
    if status >= 500 and status != 501 and not _says_when_to_retry(response):
        raise server_failure(status, f"{where}: HTTP {status}")
    if status >= 400:
        raise refusal(status, _json_or_none(response), where)
    if status == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError as err:
        raise unreadable(f"{where}: HTTP {status} with a body that is not JSON") from err


def _says_when_to_retry(response: requests.Response) -> bool:
    """A busy answer of ours (503 `login_busy`): a refusal with a wait, not a lost server."""
    payload = _json_or_none(response) if response.status_code == 503 else None
    error = payload.get("error") if isinstance(payload, dict) else None
    return isinstance(error, dict) and "retry_after" in error


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
