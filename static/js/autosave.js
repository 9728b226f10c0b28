// Autosave for long text forms (pathway plan sections and details).
//
// Progressive enhancement: the form saves normally without JavaScript. With it, the text in
// the form's textareas (and the lock_version the user opened) is sent as JSON to the URL in
// data-autosave-url as a draft {key, data}: after a pause in typing, every 15 seconds while
// there are changes, when the timeout warning opens (before the session ends), and when the
// page is hidden or left. The server shows the draft back in the form on the next visit.
(function () {
  "use strict";
  var EVERY_MS = 15000;
  var PAUSE_MS = 2000;

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input && input.value) return input.value;
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setUp(form) {
    var url = form.getAttribute("data-autosave-url");
    var key = form.getAttribute("data-autosave-key");
    var status = form.querySelector("[data-autosave-status]");
    if (!url || !key || !window.fetch || !window.JSON) return;
    var submitting = false;
    var pauseTimer = null;

    function values() {
      var data = {};
      var areas = form.querySelectorAll("textarea[name]");
      for (var i = 0; i < areas.length; i++) data[areas[i].name] = areas[i].value;
      var lock = form.querySelector("input[name=lock_version]");
      if (lock) data.lock_version = lock.value;
      return data;
    }
    function body() { return JSON.stringify({ key: key, data: values() }); }
    function say(text) { if (status) status.textContent = text; }

    // What the server already has: the text as the page was drawn.
    var lastSaved = body();

    function save(options) {
      if (submitting) return;
      var payload = body();
      if (payload === lastSaved) return;
      var request = fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: Boolean(options && options.keepalive),
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": csrfToken(form)
        },
        body: payload
      });
      request.then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) throw new Error("not saved");
        return response.json().then(function (json) {
          if (!response.ok) throw new Error(json.error || "not saved");
          lastSaved = payload;
          say(json.message || "Draft saved");
          // The save renewed the session on the server: let the timeout warning know.
          document.dispatchEvent(new CustomEvent("leavingcare:session-renewed"));
        });
      }).catch(function () {
        say("Your latest text has not been saved as a draft. Save the form to keep it.");
      });
    }

    form.addEventListener("input", function () {
      clearTimeout(pauseTimer);
      pauseTimer = setTimeout(save, PAUSE_MS);
    });
    form.addEventListener("submit", function () {
      submitting = true;
      clearTimeout(pauseTimer);
    });
    setInterval(save, EVERY_MS);

    // Before the session ends: the timeout warning dialog opens two minutes before.
    var dialog = document.getElementById("timeout-warning");
    if (dialog && window.MutationObserver) {
      new MutationObserver(function () { if (dialog.open) save(); })
        .observe(dialog, { attributes: true, attributeFilter: ["open"] });
    }
    // Leaving the page (including the timeout's own redirect) or hiding the tab.
    window.addEventListener("pagehide", function () { save({ keepalive: true }); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save({ keepalive: true });
    });
  }

  var forms = document.querySelectorAll("form[data-module=lc-autosave]");
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);
})();
