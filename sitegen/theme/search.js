// Static search: loads the index once, matches every word of the query
// against titles and summaries folded like the index (no diacritics,
// lowercase, "đ" -> "d"), so "dong van" finds "Đồng Văn".
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var list = document.getElementById("ket-qua");
  var summary = document.getElementById("ket-qua-tom-tat");
  if (!script || !form || !input || !list || !summary) return;
  var root = script.getAttribute("data-root") || "";
  var index = null;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }
  function show(query) {
    var words = fold(query).split(/[^a-z0-9]+/).filter(function (w) { return w.length > 0; });
    list.textContent = "";
    if (words.length === 0) { summary.textContent = ""; return; }
    var hits = index.filter(function (e) {
      return words.every(function (w) { return e.k.indexOf(w) !== -1; });
    });
    summary.textContent = hits.length === 0 ? "Không có kết quả." : "Có " + hits.length + " kết quả.";
    hits.slice(0, 50).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.u;
      a.textContent = e.t;
      li.appendChild(a);
      var p = document.createElement("p");
      p.className = "meta";
      p.textContent = e.d;
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  function run(query) {
    if (index) { show(query); return; }
    fetch(script.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
      index = data;
      show(query);
    }).catch(function () { summary.textContent = "Không tải được chỉ mục tìm kiếm."; });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(q); }
})();
