/* The manager's pages: every change sent with the session's CSRF token, and live parts kept
   fresh from the event stream (EventSource sends the session cookie, same origin). A lost
   stream shows the banner #stream-lost until it is back; no reload ever. */
"use strict";
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  /* fetch() for the pages' own changes: the CSRF header on everything but GET */
  function send(url, options) {
    options = options || {};
    var method = (options.method || "GET").toUpperCase();
    var headers = new Headers(options.headers || {});
    if (method !== "GET" && method !== "HEAD") headers.set("X-CSRF-Token", csrf);
    options.headers = headers;
    options.credentials = "same-origin";
    return fetch(url, options);
  }

  /* Replace the element `target` by the HTML that `url` answers, at most every `gap` ms. */
  function refresher(target, url, gap) {
    var busy = false, again = false, last = 0;
    function run() {
      var wait = last + gap - Date.now();
      if (busy || wait > 0) { again = true; if (!busy) setTimeout(flush, wait); return; }
      busy = true; again = false; last = Date.now();
      send(url).then(function (answer) {
        if (answer.redirected || answer.status === 401) { location.href = "/manage/login"; return ""; }
        return answer.ok ? answer.text() : "";
      }).then(function (html) {
        if (html) {
          target.innerHTML = html;
          document.dispatchEvent(new CustomEvent("dash:updated", { detail: target.id }));
        }
      }).catch(function () {}).then(function () { busy = false; if (again) flush(); });
    }
    function flush() { again = false; run(); }
    return run;
  }

  /* Follow the event stream at `url`; `changed()` on every event and on each (re)connection. */
  function follow(url, changed) {
    var banner = document.getElementById("stream-lost");
    var source = null, retry = null;
    function lost() {
      if (banner) banner.hidden = false;
      document.body.classList.add("stream-lost");
    }
    function open() {
      source = new EventSource(url, { withCredentials: true });
      source.onopen = function () {
        if (banner) banner.hidden = true;
        document.body.classList.remove("stream-lost");
        changed();
      };
      source.onmessage = changed;
      ["ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished",
       "ticket.no_show", "ticket.transferred", "ticket.cancelled", "window.opened",
       "window.paused", "window.resumed", "window.closed", "device.fault", "alert.raised",
       "alert.cleared", "day.closed", "evaluation.submitted", "appointment.checked_in"
      ].forEach(function (name) { source.addEventListener(name, changed); });
      source.onerror = function () {
        lost();
        if (source.readyState === EventSource.CLOSED && retry === null) {  // refused: try anew
          retry = setTimeout(function () { retry = null; open(); }, 3000);
        }
      };
    }
    open();
    window.addEventListener("beforeunload", function () { if (source) source.close(); });
  }

  window.Dash = { send: send, refresher: refresher, follow: follow };

  /* A page with <section data-live-url=... data-stream=...> keeps that section live. */
  var live = document.querySelector("[data-live-url]");
  if (live) follow(live.getAttribute("data-stream"),
                   refresher(live, live.getAttribute("data-live-url"), 1000));
})();
