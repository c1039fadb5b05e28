/* The administration page (templates/dash/admin.html): each form sends its change to the JSON
   routes with the session's CSRF token (Dash.send), says how it went beside its button, and the
   windows table follows window events from the hall's stream (not while one is being edited). */
"use strict";
(function () {
  var hall = document.body.getAttribute("data-hall");
  var SAVED = "已保存 · Saved";

  function hallApi(path) { return "/api/halls/" + encodeURIComponent(hall) + path; }

  function say(form, ok, text) {
    var result = form.querySelector(".result");
    if (result) { result.textContent = text; result.className = "result " + (ok ? "ok" : "bad"); }
  }

  function sendJson(method, url, body) {
    var options = { method: method, headers: { "Content-Type": "application/json" } };
    if (body !== undefined) options.body = JSON.stringify(body);
    return Dash.send(url, options).then(function (answer) {
      return answer.json().then(function (data) {
        if (!answer.ok) throw (data && data.error) || { zh: "操作失败", en: "Failed" };
        return data;
      });
    });
  }

  function failed(form) {
    return function (error) { say(form, false, (error.zh || "") + " · " + (error.en || "")); };
  }

  /* --- windows: the table is swapped in on events, so its handlers are delegated --- */
  var windows = document.getElementById("admin-windows");
  var pending = false, loading = false;

  function editing() { return windows.querySelector("details[open]") !== null; }

  /* The windows table again; never swapped in under an editor opened meanwhile. */
  function reloadWindows() {
    if (loading) { pending = true; return; }
    loading = true;
    Dash.send(windows.getAttribute("data-url")).then(function (answer) {
      return answer.ok ? answer.text() : "";
    }).then(function (html) {
      if (html && editing()) { pending = true; return; }
      if (html) { windows.innerHTML = html; windows.setAttribute("data-loaded", "1"); }
    }).catch(function () {}).then(function () {
      loading = false;
      if (pending && !editing()) { pending = false; reloadWindows(); }
    });
  }

  function windowsChanged(event) {
    var type = event && event.type;
    if (type && type !== "open" && type.indexOf("window.") !== 0) return;  // tickets: not here
    if (editing()) { pending = true; return; }  // never under the manager's hands
    reloadWindows();
  }

  windows.addEventListener("toggle", function () {
    if (pending && !editing()) { pending = false; reloadWindows(); }
  }, true);

  windows.addEventListener("click", function (event) {
    var button = event.target.closest("button.up, button.down");
    if (!button) return;
    var item = button.closest("li");
    if (button.classList.contains("up") && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (button.classList.contains("down") && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    }
  });

  windows.addEventListener("submit", function (event) {
    var form = event.target;
    event.preventDefault();
    var number = form.getAttribute("data-window");
    if (form.classList.contains("window-services")) {
      var codes = Array.prototype.map.call(
        form.querySelectorAll("input[name=service]:checked"), function (box) { return box.value; });
      sendJson("PUT", hallApi("/windows/" + number + "/services"), { services: codes })
        .then(function () { say(form, true, SAVED); form.closest("details").open = false; reloadWindows(); })
        .catch(failed(form));
    } else if (form.classList.contains("window-state")) {
      var wanted = event.submitter ? event.submitter.value : "open";
      var reason = form.querySelector("input[name=reason]").value.trim() || null;
      sendJson("PUT", hallApi("/windows/" + number + "/state"), { state: wanted, reason: reason })
        .then(function () { reloadWindows(); })
        .catch(failed(form));
    }
  });

  Dash.follow(windows.getAttribute("data-stream"), windowsChanged);

  /* --- notices --- */
  var notices = document.getElementById("notices");
  notices.addEventListener("submit", function (event) {
    event.preventDefault();
    var lines = Array.prototype.map.call(notices.querySelectorAll(".notice-line"), function (row) {
      return { zh: row.querySelector("[name=zh]").value.trim(), en: row.querySelector("[name=en]").value.trim() };
    }).filter(function (line) { return line.zh || line.en; });
    sendJson("PUT", hallApi("/notices"), { lines: lines })
      .then(function () { say(notices, true, SAVED); }).catch(failed(notices));
  });

  /* --- clerk accounts and device tokens: the page shows the result once done --- */
  var added = document.getElementById("add-account");
  added.addEventListener("submit", function (event) {
    event.preventDefault();
    var number = added.querySelector("[name=window]").value;
    var body = { username: added.querySelector("[name=username]").value.trim(),
                 password: added.querySelector("[name=password]").value,
                 window: number ? parseInt(number, 10) : null };
    sendJson("POST", hallApi("/accounts"), body)
      .then(function () { location.reload(); }).catch(failed(added));
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("button.account-toggle");
    var revoke = event.target.closest("button.revoke");
    var cap = event.target.closest("button.save-cap");
    if (toggle) {
      var path = "/accounts/" + encodeURIComponent(toggle.getAttribute("data-username")) + "/"
        + toggle.getAttribute("data-action");
      sendJson("POST", hallApi(path)).then(function () { location.reload(); }).catch(alertOf);
    } else if (revoke) {
      if (!confirm("吊销后该设备立即无法使用。确定吗？ · The device stops working at once. Revoke?")) return;
      var id = encodeURIComponent(revoke.getAttribute("data-token"));
      sendJson("POST", hallApi("/device-tokens/" + id + "/revoke"))
        .then(function () { location.reload(); }).catch(alertOf);
    } else if (cap) {
      var code = cap.getAttribute("data-code");
      var input = document.querySelector("input.cap[data-code='" + code + "']");
      var value = input.value ? parseInt(input.value, 10) : null;
      sendJson("PUT", "/api/services/" + encodeURIComponent(code) + "/daily-cap", { daily_cap: value })
        .then(function () { cap.textContent = "✓"; }).catch(alertOf);
    }
  });

  function alertOf(error) { alert((error.zh || "") + "\n" + (error.en || "")); }

  /* --- an admin's hall settings --- */
  var settings = document.getElementById("hall-settings");
  if (settings) settings.addEventListener("submit", function (event) {
    event.preventDefault();
    var hours = [];
    settings.querySelectorAll(".hours-row").forEach(function (row) {
      var days = Array.prototype.map.call(row.querySelectorAll("[name=day]:checked"), function (box) { return box.value; });
      var opens = row.querySelector("[name=open]").value, closes = row.querySelector("[name=close]").value;
      if (days.length && opens && closes) hours.push({ days: days, open: opens, close: closes });
    });
    var body = { target_wait_minutes: parseInt(settings.querySelector("[name=target_wait_minutes]").value, 10),
                 services: Array.prototype.map.call(settings.querySelectorAll("[name=offered]:checked"), function (box) { return box.value; }) };
    if (hours.length) body.hours = hours;
    sendJson("PUT", hallApi("/settings"), body)
      .then(function () { say(settings, true, SAVED); }).catch(failed(settings));
  });
})();
