/* The supervision dashboard's charts, from the data the page embeds with json_script. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var src = document.getElementById("sv-chart-data");
    if (!src || !window.echarts) { return; }
    var data = JSON.parse(src.textContent);
    // a click anywhere in a category's column of the plot (not only on its point or bar) picks that category
    function onColumn(chart, pick) {
      chart.getZr().on("click", function (e) {
        var at = [e.offsetX, e.offsetY];
        if (!chart.containPixel("grid", at)) { return; }
        var index = Math.round(chart.convertFromPixel({ seriesIndex: 0 }, at)[0]);
        if (index >= 0) { pick(index); }
      });
      chart.getZr().on("mousemove", function (e) {
        chart.getZr().setCursorStyle(chart.containPixel("grid", [e.offsetX, e.offsetY]) ? "pointer" : "default");
      });
    }
    function drill(el, over) {
      var q = new URLSearchParams(window.location.search);
      Object.keys(over).forEach(function (k) { q.set(k, over[k]); });
      window.location.href = el.getAttribute("data-records") + "?" + q.toString();
    }
    var months = document.getElementById("sv-months");
    if (months) {
      var a = echarts.init(months, null, { renderer: "svg" });
      a.setOption({ tooltip: { trigger: "axis" }, grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
        xAxis: { type: "category", data: data.months }, yAxis: { type: "value" },
        series: [{ name: "履职记录", type: "line", data: data.records }] });
      window.addEventListener("resize", function () { a.resize(); });
      // drill-down: a month's point opens that month's records (the page's other filters kept)
      onColumn(a, function (index) {
        var key = data.month_keys[index];
        if (!key) { return; }
        var y = +key.slice(0, 4), m = +key.slice(4, 6);
        var last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        var pad = function (n) { return (n < 10 ? "0" : "") + n; };
        drill(months, { start: y + "-" + pad(m) + "-01", end: y + "-" + pad(m) + "-" + pad(last) });
      });
    }
    var overdue = document.getElementById("sv-overdue");
    if (overdue) {
      var b = echarts.init(overdue, null, { renderer: "svg" });
      b.setOption({ color: ["#a4161a"], tooltip: { trigger: "axis" }, grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
        xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 4 ? 30 : 0 } },
        yAxis: { type: "value", max: 100 }, series: [{ name: "超时率", type: "bar", data: data.overdue_rate }] });
      window.addEventListener("resize", function () { b.resize(); });
      // drill-down: a unit's bar opens its workflow events
      onColumn(b, function (index) {
        var code = data.unit_codes[index];
        if (code) { drill(overdue, { unit: code }); }
      });
    }
  });
})();
