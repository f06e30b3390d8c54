// The report's one script (its sha256 is in the page's Content-Security-Policy; nothing else may run).
// Tables marked data-table get a filter box, sortable headers and pages; a link to a row (#n-…) or a unit
// section (#u-…) shows that row's page or opens that section. Without this script every row is shown.
(function () {
  "use strict";
  var tables = [];

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function key(row, column, numeric) {
    var cell = row.cells[column];
    var text = cell ? (cell.getAttribute("data-sort") || cell.textContent).trim() : "";
    if (!numeric) return text;
    var value = parseFloat(text);
    return isNaN(value) ? null : value;
  }

  function compare(a, b, numeric) {
    if (numeric) {
      if (a === null) return b === null ? 0 : 1;  // empty cells last, whichever the direction
      if (b === null) return -1;
      return a - b;
    }
    if (a === "") return b === "" ? 0 : 1;
    if (b === "") return -1;
    return a.localeCompare(b, "zh");
  }

  function setup(table) {
    var body = table.tBodies[0];
    var state = {
      table: table, body: body, rows: Array.prototype.slice.call(body.rows), shown: null, page: 0,
      size: parseInt(table.getAttribute("data-page") || "50", 10), column: -1, ascending: true
    };
    state.shown = state.rows;
    var controls = el("div", "", "controls");
    var filter = el("input", "", "filter");
    filter.type = "search";
    filter.placeholder = "筛选…";
    filter.setAttribute("aria-label", "筛选" + (table.getAttribute("aria-label") || ""));
    var previous = el("button", "上一页", "previous");
    var next = el("button", "下一页", "next");
    var info = el("span", "", "info");
    previous.type = next.type = "button";
    controls.appendChild(filter);
    controls.appendChild(previous);
    controls.appendChild(next);
    controls.appendChild(info);
    var holder = table.parentNode.className === "wide" ? table.parentNode : table;  // controls stay put when the table scrolls
    holder.parentNode.insertBefore(controls, holder);
    state.filter = filter;

    state.render = function () {
      var pages = Math.max(1, Math.ceil(state.shown.length / state.size));
      state.page = Math.min(Math.max(state.page, 0), pages - 1);
      var start = state.page * state.size;
      var fragment = document.createDocumentFragment();
      state.shown.slice(start, start + state.size).forEach(function (row) { fragment.appendChild(row); });
      while (body.firstChild) body.removeChild(body.firstChild);
      body.appendChild(fragment);
      info.textContent = "共 " + state.shown.length + " 行" + (state.shown.length < state.rows.length ?
        "（全部 " + state.rows.length + " 行）" : "") + "，第 " + (state.page + 1) + " / " + pages + " 页";
      previous.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
    };

    state.apply = function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      state.shown = state.rows.filter(function (row) {
        var text = row.textContent.toLowerCase();
        return words.every(function (word) { return text.indexOf(word) >= 0; });
      });
      if (state.column >= 0) {
        var numeric = table.tHead.rows[0].cells[state.column].getAttribute("data-type") === "number";
        var column = state.column, sign = state.ascending ? 1 : -1;
        state.shown = state.shown.map(function (row, i) { return [key(row, column, numeric), i, row]; })
          .sort(function (a, b) {
            var c = compare(a[0], b[0], numeric);
            if (c === 0) return a[1] - b[1];
            return (a[0] === null || a[0] === "" || b[0] === null || b[0] === "") ? c : sign * c;
          })
          .map(function (item) { return item[2]; });
      }
      state.render();
    };

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (head, column) {
      head.tabIndex = 0;
      head.classList.add("sortable");
      function sort() {
        state.ascending = state.column === column ? !state.ascending : head.getAttribute("data-type") !== "number";
        state.column = column;
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", state.ascending ? "ascending" : "descending");
        state.page = 0;
        state.apply();
      }
      head.addEventListener("click", sort);
      head.addEventListener("keydown", function (event) { if (event.key === "Enter") sort(); });
    });
    filter.addEventListener("input", function () { state.page = 0; state.apply(); });
    previous.addEventListener("click", function () { state.page -= 1; state.render(); });
    next.addEventListener("click", function () { state.page += 1; state.render(); });
    state.render();
    tables.push(state);
  }

  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    for (var t = 0; t < tables.length; t++) {
      var state = tables[t];
      var row = state.rows.filter(function (r) { return r.id === id; })[0];
      if (!row) continue;
      if (state.shown.indexOf(row) < 0) { state.filter.value = ""; state.apply(); }
      state.page = Math.floor(state.shown.indexOf(row) / state.size);
      state.render();
      Array.prototype.forEach.call(document.querySelectorAll("tr.hit"), function (r) { r.classList.remove("hit"); });
      row.classList.add("hit");
      row.scrollIntoView();
      return;
    }
    var target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-table]"), setup);
  window.addEventListener("hashchange", reveal);
  reveal();
})();
