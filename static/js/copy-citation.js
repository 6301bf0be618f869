// "Copier la citation": copies the citation's text and says so to screen readers (a live
// region). Without JavaScript the button stays hidden and the citation is text to select.
(function () {
  "use strict";

  document.querySelectorAll("[data-copy-citation]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyCitation);
    var status = button.parentElement.querySelector("[data-copy-status]");
    if (!source || !status || !navigator.clipboard) return;

    function say(message) {
      // Emptied first, so that the same message twice is announced twice.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }

    function selectCitation() {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    button.addEventListener("click", function () {
      var text = source.textContent.replace(/\s+/g, " ").trim();
      navigator.clipboard.writeText(text).then(
        function () { say(button.dataset.copied); },
        function () { selectCitation(); say(button.dataset.failed); }
      );
    });
    button.hidden = false;
  });
})();
