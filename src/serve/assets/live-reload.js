// Portico's live reload, served only by `portico serve` and never written into a built site.
// It listens for rebuilds on the same port and reloads the page when one finishes.
// It also watches for what the site's Content-Security-Policy blocks (the preview sends the same policy as
// the live host), asks the server which `deploy.allow` line would allow it, and shows the answer.
// A file of its own, not inline code, so it runs under that policy; loaded first in <head>, so it hears
// about what the page's own markup loads.
(function () {
  "use strict";
  var source = new EventSource("/__portico/events");
  source.addEventListener("reload", function () {
    window.location.reload();
  });

  var reported = {};
  var box = null;

  function overlay() {
    if (box) {
      return box;
    }
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = "/__portico/overlay.css";
    document.head.appendChild(style);
    box = document.createElement("div");
    box.id = "portico-csp-overlay";
    box.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.textContent = "Portico: the live site will block this too";
    box.appendChild(title);
    document.body.appendChild(box);
    return box;
  }

  document.addEventListener("securitypolicyviolation", function (event) {
    var key = event.effectiveDirective + " " + event.blockedURI;
    if (reported[key]) {
      return;
    }
    reported[key] = true;
    var query = new URLSearchParams({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      page: window.location.pathname,
    });
    fetch("/__portico/csp-violation?" + query.toString())
      .then(function (response) {
        return response.text();
      })
      .then(function (text) {
        var show = function () {
          var message = document.createElement("pre");
          message.textContent = text;
          overlay().appendChild(message);
        };
        if (document.body) {
          show();
        } else {
          document.addEventListener("DOMContentLoaded", show);
        }
      });
  });
})();
