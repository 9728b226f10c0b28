// GOV.UK timeout warning: two minutes before the session ends, a modal dialog offers to keep
// the session alive. Without JavaScript the session simply ends after the inactivity timeout
// and the next request asks the user to sign in again.
(function () {
  "use strict";
  var body = document.body;
  var total = parseInt(body.getAttribute("data-session-timeout-seconds"), 10);
  var keepAliveUrl = body.getAttribute("data-keep-alive-url");
  var dialog = document.getElementById("timeout-warning");
  if (!total || !keepAliveUrl || !dialog || typeof dialog.showModal !== "function") return;
  var warnBefore = Math.min(120, Math.floor(total / 2));
  var countdown = document.getElementById("timeout-warning-countdown");
  var stay = document.getElementById("timeout-stay");
  var warnTimer, endTimer, tick, endsAt;

  function csrfToken() {
    // The header's sign-out form carries the token (the cookie is HttpOnly in production).
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function describe(seconds) {
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }
  function schedule() {
    clearTimeout(warnTimer); clearTimeout(endTimer); clearInterval(tick);
    endsAt = Date.now() + total * 1000;
    warnTimer = setTimeout(warn, (total - warnBefore) * 1000);
    endTimer = setTimeout(signOut, total * 1000);
  }
  function signOut() {
    // Signing out changes state, so it is a POST with the CSRF token, never a GET.
    var form = document.createElement("form");
    form.method = "post";
    form.action = body.getAttribute("data-timed-out-url");
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken();
    form.appendChild(token);
    document.body.appendChild(form);
    form.submit();
  }
  function warn() {
    dialog.showModal();
    stay.focus();
    tick = setInterval(function () {
      countdown.textContent = describe(Math.max(0, Math.round((endsAt - Date.now()) / 1000)));
    }, 1000);
  }
  stay.addEventListener("click", function () {
    fetch(keepAliveUrl, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
    }).then(function () { dialog.close(); schedule(); });
  });
  document.addEventListener("leavingcare:session-renewed", function () {
    if (!dialog.open) schedule();
  });
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay.click(); });
  schedule();
})();
