/* Listing filters are plain links (they work without JavaScript); this makes them quick:
   the filtered page is prefetched as soon as a finger or pointer touches the link. */
(function () {
  "use strict";
  var done = {};
  function prefetch(event) {
    var link = event.target.closest && event.target.closest(".xl-filter, .xl-pager a");
    if (!link || done[link.href] || location.protocol === "file:") return;
    done[link.href] = true;
    var hint = document.createElement("link");
    hint.rel = "prefetch";
    hint.href = link.href;
    document.head.appendChild(hint);
  }
  document.addEventListener("pointerover", prefetch, { passive: true });
  document.addEventListener("touchstart", prefetch, { passive: true });
})();
