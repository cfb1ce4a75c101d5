window.onerror = function(m){ var e=document.documentElement; e.dataset.errors=(e.dataset.errors||"")+m+"|"; };
(function () {
  "use strict";
  function key(cell, numeric) {
    if (!cell) { return numeric ? null : ""; }
    var raw = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
    raw = raw.trim();
    if (!numeric) { return raw; }
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }
  function compare(x, y, numeric, ascending) {
    if (numeric) {
      if (x === null || y === null) { return (x === null ? 1 : 0) - (y === null ? 1 : 0); }
      return ascending ? x - y : y - x;
    }
    var c = x.localeCompare(y, "ko");
    return ascending ? c : -c;
  }
  function sortBy(th) {
    var row = th.parentNode, table = row.parentNode.parentNode, body = table.tBodies[0];
    var headers = row.children, index = 0, i;
    for (i = 0; i < headers.length; i++) { if (headers[i] === th) { index = i; } }
    var numeric = th.getAttribute("data-type") === "num";
    var state = th.getAttribute("aria-sort");
    // Numbers first sort largest first, text A to Z; a second click reverses.
    var ascending = state === "ascending" ? false : state === "descending" ? true : !numeric;
    var keyed = [];
    for (i = 0; i < body.rows.length; i++) {
      keyed.push([key(body.rows[i].cells[index], numeric), i, body.rows[i]]);
    }
    keyed.sort(function (a, b) { return compare(a[0], b[0], numeric, ascending) || a[1] - b[1]; });
    var fragment = document.createDocumentFragment();
    for (i = 0; i < keyed.length; i++) { fragment.appendChild(keyed[i][2]); }
    body.appendChild(fragment);
    for (i = 0; i < headers.length; i++) { headers[i].setAttribute("aria-sort", "none"); }
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  var heads = document.querySelectorAll("table.sortable thead th");
  for (var h = 0; h < heads.length; h++) {
    heads[h].addEventListener("click", function (event) { sortBy(event.currentTarget); });
    heads[h].addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        sortBy(event.currentTarget);
      }
    });
  }
  // A printed report shows the evidence too.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    opened = [];
    for (var d = 0; d < all.length; d++) { all[d].open = true; opened.push(all[d]); }
  });
  window.addEventListener("afterprint", function () {
    for (var d = 0; d < opened.length; d++) { opened[d].open = false; }
  });
  document.documentElement.dataset.ready = "1";
})();
