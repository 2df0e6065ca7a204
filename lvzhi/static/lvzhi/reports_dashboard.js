/* The reports dashboards: each chart from the data the page embeds with json_script, drawn by ECharts on a canvas
   (so that the toolbox's and the page's PNG download are pictures); the Excel of each chart is a link. */
(function () {
  "use strict";
  var colours = ["#2c7fb8", "#c0392b", "#7f8c8d", "#27ae60", "#f39c12", "#8e44ad"];
  function option(c) {
    var base = { color: colours, title: { show: false }, tooltip: { trigger: c.kind === "pie" ? "item" : "axis" },
      legend: { show: c.series.length > 1 || c.kind === "pie", bottom: 0 },
      toolbox: { right: 0, feature: { saveAsImage: { name: c.title, title: "保存为图片", pixelRatio: 2 } } },
      grid: { left: 8, right: 24, top: 28, bottom: c.series.length > 1 ? 28 : 8, containLabel: true } };
    if (c.kind === "pie") {
      base.series = [{ name: c.series[0].name, type: "pie", radius: "60%",
        data: c.categories.map(function (name, i) { return { name: name, value: c.series[0].data[i] }; }) }];
      return base;
    }
    var horizontal = c.kind === "hbar";
    var category = { type: "category", data: c.categories, inverse: horizontal,
      axisLabel: { interval: 0, rotate: !horizontal && c.categories.length > 5 ? 30 : 0 } };
    var value = { type: "value", name: c.unit };
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? category : value;
    base.series = c.series.map(function (s) {
      return { name: s.name, type: c.kind === "line" ? "line" : "bar", stack: c.kind === "stack" ? "all" : undefined,
        data: s.data, connectNulls: true, label: { show: c.categories.length <= 12, position: horizontal ? "right" : "top" } };
    });
    return base;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var src = document.getElementById("rp-chart-data");
    if (!src || !window.echarts) { return; }
    JSON.parse(src.textContent).forEach(function (c) {
      var el = document.getElementById("rp-" + c.id);
      if (!el) { return; }
      var instance = echarts.init(el, null, { renderer: "canvas" });
      instance.setOption(option(c));
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () { instance.resize(); });
    });
    document.querySelectorAll("[data-png]").forEach(function (button) {
      button.addEventListener("click", function () {
        var instance = echarts.getInstanceByDom(document.getElementById(button.getAttribute("data-png")));
        if (!instance) { return; }
        var link = document.createElement("a");
        link.href = instance.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
        link.download = button.getAttribute("data-name") + ".png";
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    });
  });
})();
