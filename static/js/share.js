// The share panel (templates/includes/for_class.html). "Copier …" buttons copy the text of the
// element they name (a citation, the page's address, the embed code) and say so to screen
// readers (a live region); "Partager…" opens the device's own share sheet (Web Share API).
// Without JavaScript, or where the browser lacks either API, the buttons stay hidden and
// everything is text to select.
(function () {
  "use strict";

  function say(status, message) {
    // Emptied first, so that the same message twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function select(source) {
    if (source.select) { source.select(); return; }  // a field
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = button.closest("[data-share-panel]").querySelector("[data-copy-status]");
    if (!source || !status || !navigator.clipboard) return;
    button.addEventListener("click", function () {
      var text = "value" in source ? source.value : source.textContent.replace(/\s+/g, " ").trim();
      navigator.clipboard.writeText(text).then(
        function () { say(status, button.dataset.copied); },
        function () { select(source); say(status, button.dataset.failed); }
      );
    });
    button.hidden = false;
  });

  document.querySelectorAll("[data-share]").forEach(function (button) {
    if (!navigator.share) return;
    button.addEventListener("click", function () {
      navigator.share({ title: button.dataset.title, url: button.dataset.url })
        .catch(function () {});  // closed by the visitor: nothing to say
    });
    button.hidden = false;
  });
})();
