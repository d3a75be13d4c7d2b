// Behaviour for the public pages. Kept out of the HTML: the Content-Security-Policy allows
// scripts from this site's own files only.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
