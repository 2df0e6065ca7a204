/* Charts drawn from data the page embeds with json_script. */
(function () {
  "use strict";
  function staffingByCategory(el, data) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      color: ["#6c757d", "#a4161a", "#0a58ca", "#f0ad4e"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 5 ? 30 : 0 } },
      yAxis: { type: "value", name: "人" },
      series: [
        { name: "核定编制", type: "bar", data: data.approved },
        { name: "实有人员", type: "bar", data: data.actual },
        { name: "空编", type: "bar", data: data.vacancy },
        { name: "超编", type: "bar", data: data.over }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("category-chart");
    var src = document.getElementById("category-chart-data");
    if (el && src && window.echarts) { staffingByCategory(el, JSON.parse(src.textContent)); }
  });
})();
