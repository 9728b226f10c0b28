// Panel pack progress: without JavaScript the page refreshes itself (a <meta> refresh in
// <noscript>); with it, only the status region is fetched again and replaced, so a screen
// reader hears each new stage from the live region instead of a whole page reloading.
(function () {
  var region = document.getElementById("build-progress");
  if (!region) return;
  var seconds = parseFloat(region.getAttribute("data-refresh-seconds")) || 2;
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { window.setTimeout(poll, seconds * 1000); return; }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("build-status");
        var current = document.getElementById("build-status");
        if (fresh && current) {
          current.replaceWith(fresh);
          document.title = page.title;
        }
        if (fresh && fresh.getAttribute("data-finished") === "true") {
          var note = document.getElementById("refresh-note");
          if (note) note.remove();
          return;
        }
        window.setTimeout(poll, seconds * 1000);
      })
      .catch(function () { window.setTimeout(poll, seconds * 1000); });
  }
  window.setTimeout(poll, seconds * 1000);
})();
