// The photo viewer: the photo's link opens it full screen, with zoom. Without JavaScript the
// link simply leads to the large image. The native <dialog> keeps focus inside, closes on
// Escape; focus then goes back to the link.
(function () {
  "use strict";

  var MAX_ZOOM = 4;

  document.querySelectorAll("[data-photo-viewer]").forEach(function (link) {
    var dialog = document.getElementById(link.getAttribute("data-photo-viewer"));
    if (!dialog || typeof dialog.showModal !== "function") return;
    var stage = dialog.querySelector(".photo-viewer__stage");
    var level = dialog.querySelector(".photo-viewer__level");
    var zoom = 1;

    function image() {
      var template = stage.querySelector("template");
      if (template) {
        // The large image is only fetched once the viewer is opened.
        stage.appendChild(template.content.cloneNode(true));
        template.remove();
      }
      return stage.querySelector("img");
    }

    function setZoom(value) {
      var img = image();
      zoom = Math.min(MAX_ZOOM, Math.max(1, value));
      var width = Number(img.getAttribute("width"));
      var height = Number(img.getAttribute("height"));
      var fit = Math.min(stage.clientWidth / width, stage.clientHeight / height, 1);
      img.style.width = Math.round(width * fit * zoom) + "px";
      img.style.height = "auto";
      level.textContent = Math.round(zoom * 100) + " %";
    }

    link.addEventListener("click", function (event) {
      event.preventDefault();
      image();
      dialog.showModal();
      setZoom(1);
    });
    dialog.addEventListener("close", function () {
      link.focus();
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); // a click on the backdrop
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Tab") {
        // Focus goes round the viewer's controls, never out to the page or the browser.
        var focusable = dialog.querySelectorAll("button, [tabindex='0']");
        var first = focusable[0];
        var last = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === first) last.focus();
        else if (!event.shiftKey && document.activeElement === last) first.focus();
        else return;
        event.preventDefault();
        return;
      }
      if (event.key === "+" || event.key === "=") setZoom(zoom + 1);
      else if (event.key === "-") setZoom(zoom - 1);
      else return;
      event.preventDefault();
    });
    dialog.querySelector("[data-close]").addEventListener("click", function () {
      dialog.close();
    });
    dialog.querySelector('[data-zoom="in"]').addEventListener("click", function () {
      setZoom(zoom + 1);
    });
    dialog.querySelector('[data-zoom="out"]').addEventListener("click", function () {
      setZoom(zoom - 1);
    });
  });
})();
