/* The supervision dashboard's charts, from the data the page embeds with json_script. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var src = document.getElementById("sv-chart-data");
    if (!src || !window.echarts) { return; }
    var data = JSON.parse(src.textContent);
    var months = document.getElementById("sv-months");
    if (months) {
      var a = echarts.init(months, null, { renderer: "svg" });
      a.setOption({ tooltip: { trigger: "axis" }, grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
        xAxis: { type: "category", data: data.months }, yAxis: { type: "value" },
        series: [{ name: "履职记录", type: "line", data: data.records }] });
      window.addEventListener("resize", function () { a.resize(); });
    }
    var overdue = document.getElementById("sv-overdue");
    if (overdue) {
      var b = echarts.init(overdue, null, { renderer: "svg" });
      b.setOption({ color: ["#a4161a"], tooltip: { trigger: "axis" }, grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
        xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 4 ? 30 : 0 } },
        yAxis: { type: "value", max: 100 }, series: [{ name: "超时率", type: "bar", data: data.overdue_rate }] });
      window.addEventListener("resize", function () { b.resize(); });
    }
  });
})();
