// The window pad: follows the hall's event stream and opens the form (a reload: the server
// renders it) when the clerk's evaluation prompt names this window; returns to waiting when
// the form times out or after the thank-you screen (in Chinese again: the next citizen starts
// from Chinese first). Never chooses anything for the citizen.
(function () {
  "use strict";
  var pad = document.getElementById("pad");
  if (!pad) return;
  var hall = pad.getAttribute("data-hall");
  var windowNumber = Number(pad.getAttribute("data-window"));
  var token = pad.getAttribute("data-token");
  var state = pad.getAttribute("data-state");
  function reload() { window.location.replace(window.location.pathname + window.location.search); }
  function nextCitizen() {  // back to waiting, in Chinese again, whatever the last one chose
    window.location.replace(window.location.pathname + "?token=" + encodeURIComponent(token));
  }

  if (state === "thanks") {
    setTimeout(nextCitizen, Number(pad.getAttribute("data-thanks")) * 1000);
    return;
  }
  if (state === "form") {
    var closes = Date.parse(pad.getAttribute("data-expires"));
    if (!isNaN(closes)) setTimeout(nextCitizen, Math.max(0, closes - Date.now()) + 500);
  }
  function promptWaiting() {  // a prompt made before the stream opened
    if (state !== "waiting" || !window.fetch) return;
    fetch("/api/halls/" + hall + "/windows/" + windowNumber + "/pad",
          { headers: { Authorization: "Bearer " + token }, cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (body) { if (body && body.prompt) reload(); })
      .catch(function () {});
  }
  if (!window.EventSource) {
    setInterval(reload, 5000);
    return;
  }
  var url = "/api/halls/" + hall + "/events?access_token=" + encodeURIComponent(token);
  var stream = new EventSource(url);
  stream.addEventListener("open", promptWaiting);
  stream.addEventListener("evaluation.prompt", function (event) {
    var data = JSON.parse(event.data);
    if (data.window && Number(data.window.number) === windowNumber) reload();
  });
})();
