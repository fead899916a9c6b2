// 长辈模式（适老化 / 无障碍模式）: larger text, higher contrast, wider spacing; remembered between visits.
//
// Loaded from <head> without `defer` on purpose: the class goes on <html> before the first paint,
// so a visitor who chose the mode never sees the page flash at normal size. The file is tiny and
// cached; no inline script is needed, so a Content-Security-Policy of `script-src 'self'` works.
// Without JavaScript the page is complete; only the toggle (hidden in the HTML) is missing.
(function () {
  var KEY = "gongkai-care";
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function show(on) {
    root.classList.toggle("care", on);
    var buttons = document.querySelectorAll("[data-care-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      buttons[i].hidden = false;
    }
  }

  // Before first paint: only the class (the buttons are not parsed yet).
  root.classList.toggle("care", stored());

  function ready() {
    show(root.classList.contains("care"));
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-care-toggle]");
      if (!button) return;
      var on = !root.classList.contains("care");
      try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
      show(on);
    });
    // Another tab changed the mode: follow it.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY) show(event.newValue === "1");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
