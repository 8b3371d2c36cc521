// The report page: embeds the charts, lists the documents behind a mark, sorts and
// searches the who's-who table, and offers each chart's data as CSV. No network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var docs = data.docs; // [id, publication date, title, link, URL shown as text only]
  var tables = { officials: data.officials };
  data.charts.forEach(function (c) { tables[c.id] = c; });

  // -- evidence: the documents behind a number ----------------------------------
  var panel = document.getElementById("evidence");
  // `topic`, when given, adds each document's sentence that weighed most for it.
  function showEvidence(title, positions, topic) {
    var sentences = (topic && data.evidence[topic]) || {};
    document.getElementById("evidence-title").textContent = title;
    document.getElementById("evidence-count").textContent =
      positions.length + (positions.length === 1 ? " document" : " documents");
    var list = document.getElementById("evidence-list");
    list.textContent = "";
    positions.forEach(function (i) {
      var d = docs[i], li = document.createElement("li");
      var id = document.createElement(d[3] ? "a" : "span");
      id.className = "id";
      id.textContent = d[0];
      if (d[3]) { id.href = d[3]; id.target = "_blank"; id.rel = "noopener"; }
      li.appendChild(id);
      var meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = [d[1] || "undated", d[2], d[4]].filter(Boolean).join(" \u00b7 ");
      li.appendChild(meta);
      if (sentences[i]) {
        var quote = document.createElement("blockquote");
        quote.textContent = sentences[i];
        li.appendChild(quote);
      }
      list.appendChild(li);
    });
    panel.hidden = false;
  }
  document.getElementById("evidence-close").addEventListener("click", function () {
    panel.hidden = true;
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") panel.hidden = true; });

  function month(value) {
    var parts = String(value).split("-");
    var date = new Date(Date.UTC(+parts[0], +parts[1] - 1, 1));
    return date.toLocaleString("en", { month: "long", year: "numeric", timeZone: "UTC" });
  }
  var describe = {
    trends: function (d) { return d.label + ", " + month(d.month); },
    heat: function (d) { return d.name + " \u00d7 " + d.label; },
    countries: function (d) { return d.name; },
    organizations: function (d) { return d.name; },
    timeline: function (d) { return month(d.month) + " (" + d.relation + ")"; },
  };

  // -- CSV downloads ------------------------------------------------------------
  function csvCell(value) {
    if (value === null || value === undefined) return "";
    var s = Array.isArray(value) ? value.join("; ") : String(value);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; // a spreadsheet must not run it as a formula
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function toCsv(table) {
    var columns = table.columns.concat(["doc_ids"]);
    var lines = [columns.join(",")];
    table.rows.forEach(function (row) {
      lines.push(columns.map(function (c) {
        if (c === "doc_ids") return csvCell((row.doc_ix || []).map(function (i) { return docs[i][0]; }));
        return csvCell(row[c]);
      }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  document.querySelectorAll("button.csv").forEach(function (button) {
    button.addEventListener("click", function () {
      var name = button.getAttribute("data-table");
      var blob = new Blob([toCsv(tables[name])], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "tradenews-" + name + ".csv";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
  });

  // -- who's who: sort, search, documents --------------------------------------
  var table = document.getElementById("officials-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var haystacks = rows.map(function (r) { return fold(r.textContent); });
  var search = document.getElementById("officials-search");
  search.addEventListener("input", function () {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var hit = words.every(function (w) { return haystacks[i].indexOf(w) >= 0; });
      r.hidden = !hit;
      if (hit) shown++;
    });
    document.getElementById("officials-count").textContent =
      shown === rows.length ? rows.length + " officials" : shown + " of " + rows.length + " officials";
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener("click", function () {
      var numeric = th.getAttribute("data-type") === "number";
      var order = th.getAttribute("aria-sort") === (numeric ? "descending" : "ascending")
        ? (numeric ? "ascending" : "descending") : (numeric ? "descending" : "ascending");
      Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", order);
      var sign = order === "ascending" ? 1 : -1;
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
        var diff = numeric ? (+x) - (+y) : x.localeCompare(y);
        return sign * diff || (+a.getAttribute("data-row")) - (+b.getAttribute("data-row"));
      });
      rows.forEach(function (r) { body.appendChild(r); });
      haystacks = rows.map(function (r) { return fold(r.textContent); });
    });
  });
  body.addEventListener("click", function (e) {
    var button = e.target.closest("button.docs");
    if (!button) return;
    var row = data.officials.rows[+button.getAttribute("data-row")];
    showEvidence(row.name, row.doc_ix);
  });

  // -- charts ---------------------------------------------------------------------
  var options = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
  };
  var embedded = data.charts.map(function (c) {
    if (!c.rows.length) return Promise.resolve(null);
    var spec = Object.assign({}, c.spec, { datasets: { rows: c.rows } });
    return vegaEmbed("#chart-" + c.id, spec, options).then(function (result) {
      result.view.addEventListener("click", function (event, item) {
        var d = item && item.datum;
        if (d && d.doc_ix && d.doc_ix.length) showEvidence(describe[c.id](d), d.doc_ix, d.topic);
      });
      return result;
    });
  });
  Promise.all(embedded).then(
    function () {
      window.tradenewsReportReady = performance.now();
      document.body.setAttribute("data-ready", "true");
    },
    function (error) {
      document.body.setAttribute("data-ready", "error");
      console.error("tradenews report: a chart failed to draw:", error);
    }
  );
})();
