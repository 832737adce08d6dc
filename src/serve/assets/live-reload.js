// Portico's live reload, served only by `portico serve` and never written into a built site.
// It listens for rebuilds on the same port and reloads the page when one finishes.
(function () {
  "use strict";
  var source = new EventSource("/__portico/events");
  source.addEventListener("reload", function () {
    window.location.reload();
  });
})();
