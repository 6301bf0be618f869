// The guided tour: the keyboard's arrow keys go to the previous or next portrait.
// Without JavaScript, the tour's links do the same.
(function () {
  "use strict";

  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable], dialog");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    if (isTyping(event.target) || document.querySelector("dialog[open]")) return;
    // In a right-to-left language, the next portrait is on the left.
    var forward = (event.key === "ArrowRight") !== (document.documentElement.dir === "rtl");
    var link = document.querySelector('[data-tour] a[rel="' + (forward ? "next" : "prev") + '"]');
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
})();
