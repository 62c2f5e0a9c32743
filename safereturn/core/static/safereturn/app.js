// SafeReturn page behaviour that needs a script (loaded with the page's CSP nonce).
// GOV.UK error summary: on a page that comes back with errors, move the focus to the summary so a
// screen reader reads it first and a keyboard user starts from it.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".sr-error-summary");
  if (summary) {
    summary.focus();
  }
});

// Boxes that fold on a phone (the case list's filters) start open on a wide screen.
document.addEventListener("DOMContentLoaded", function () {
  if (window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (box) {
      box.open = true;
    });
  }
});
