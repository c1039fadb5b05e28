/* The phone ticket page, kept live from the ticket's own event stream (no reload): each change
   fetches the page again and swaps the card in. A dropped stream shows a note and reconnects.
   When the number is called: the card's colour (CSS), the chime once unlocked, a vibration. */
(function () {
  "use strict";
  var card = document.getElementById("ticket");
  if (!card) { return; }
  var lost = document.getElementById("lost");
  var soundButton = document.getElementById("sound");
  var chime = document.getElementById("chime");
  var soundOn = false;
  var shown = { status: card.getAttribute("data-status"), recalls: card.getAttribute("data-recalls") };
  var CHANGES = ["ticket.state", "ticket.ahead", "ticket.called", "ticket.recalled",
    "ticket.started", "ticket.finished", "ticket.no_show", "ticket.no_show_undone",
    "ticket.transferred", "ticket.cancelled"];
  var FINAL = { done: true, cancelled: true };
  var source = null;

  function alertCalled() {
    document.documentElement.setAttribute("data-alerts",
      String(Number(document.documentElement.getAttribute("data-alerts") || 0) + 1));
    if (soundOn && chime) {
      chime.currentTime = 0;
      var playing = chime.play();
      if (playing && playing.catch) { playing.catch(function () {}); }
    }
    if (navigator.vibrate) {
      try { navigator.vibrate([400, 200, 400, 200, 800]); } catch (ignored) { /* not allowed */ }
    }
  }

  function take(fresh) {
    card.parentNode.replaceChild(fresh, card);
    card = fresh;
    var status = fresh.getAttribute("data-status");
    var recalls = fresh.getAttribute("data-recalls");
    var calledNow = status === "called" && (shown.status !== "called" || recalls !== shown.recalls);
    shown = { status: status, recalls: recalls };
    if (calledNow) { alertCalled(); }
    if (FINAL[status]) {  // nothing will change any more: no stream, no alert to wait for
      if (source) { source.close(); source = null; }
      if (soundButton) { soundButton.hidden = true; }
    }
  }

  function refresh() {
    var request = new XMLHttpRequest();
    request.open("GET", window.location.href);
    request.responseType = "document";
    request.setRequestHeader("Cache-Control", "no-store");
    request.onload = function () {
      var fresh = request.response && request.response.getElementById("ticket");
      if (request.status === 200 && fresh) { take(document.importNode(fresh, true)); }
    };
    request.send();
  }

  function showLost(isLost) { if (lost) { lost.hidden = !isLost; } }

  function connect() {
    source = new EventSource(card.getAttribute("data-stream"));
    source.onopen = function () { showLost(false); };
    source.onerror = function () {
      showLost(true);
      if (source && source.readyState === EventSource.CLOSED) {  // a refusal: it gave up itself
        source = null;
        window.setTimeout(connect, 5000);
      }
    };
    for (var i = 0; i < CHANGES.length; i += 1) { source.addEventListener(CHANGES[i], refresh); }
  }

  if (soundButton && chime) {
    soundButton.hidden = false;  // without JavaScript it could do nothing: hidden until here
    soundButton.addEventListener("click", function () {
      soundOn = true;  // a tap is the gesture the browser wants before it plays sound
      chime.currentTime = 0;
      var playing = chime.play();
      if (playing && playing.catch) { playing.catch(function () {}); }
      soundButton.textContent = soundButton.getAttribute("data-on");
      soundButton.className += " on";
    });
  }
  if (card.getAttribute("data-live") !== "yes") { return; }
  if (window.EventSource) {
    connect();
  } else {  // an old phone: the page reloads itself, as without JavaScript
    window.setTimeout(function () { window.location.reload(); },
      Number(card.getAttribute("data-refresh")) * 1000);
  }
}());
