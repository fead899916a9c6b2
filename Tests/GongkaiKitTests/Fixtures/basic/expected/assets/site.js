// 长辈模式（适老化）: larger text, higher contrast, wider spacing; remembered between visits.
(function () {
  var KEY = "gongkai-care";
  var root = document.documentElement;
  function stored() { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function apply(on) {
    root.classList.toggle("care", on);
    var buttons = document.querySelectorAll("[data-care-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      buttons[i].hidden = false;
    }
  }
  apply(stored());
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-care-toggle]");
    if (!button) return;
    var on = !root.classList.contains("care");
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
    apply(on);
  });
})();
