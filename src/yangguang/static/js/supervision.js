// Charts of the supervision dashboard (电子监察). The figures come from a JSON block rendered by
// json_script (not executed, so allowed by the CSP); every bar and point opens the cases behind it.
(function () {
  "use strict";

  var COLORS = { red: "#d62839", yellow: "#f0b400", prompt: "#5a7db5", green: "#2e9e4f" };

  function casesUrl(base, params) {
    var query = Object.keys(params).filter(function (key) {
      return params[key] !== "" && params[key] !== null && params[key] !== undefined;
    }).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
    }).join("&");
    return base + (query ? "?" + query : "");
  }

  function narrow() { return window.matchMedia("(max-width: 767.98px)").matches; }

  function shorten(name) {
    var max = narrow() ? 6 : 10;
    return name.length > max ? name.slice(0, max) + "…" : name;
  }

  function make(id) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) return null;
    var chart = window.echarts.init(node, null, { renderer: "svg" });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function lightsChart(data) {
    var chart = make("chart-lights");
    if (!chart) return;
    var lights = data.lights, keys = ["red", "yellow", "green"];
    var names = lights.names.slice().reverse(), ids = lights.ids.slice().reverse();
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: names, axisLabel: { formatter: shorten } },
      series: keys.map(function (key) {
        return { name: lights.labels[key], type: "bar", stack: "cases", itemStyle: { color: COLORS[key] },
                 data: lights.series[key].slice().reverse(), cursor: "pointer", barMaxWidth: 22 };
      })
    });
    chart.getDom().style.height = Math.max(160, 60 + names.length * 28) + "px";
    chart.resize();
    chart.on("click", function (event) {
      var light = keys[event.seriesIndex];
      window.location.href = casesUrl(data.casesUrl, { department: ids[event.dataIndex], light: light });
    });
  }

  function departmentChart(data) {
    var chart = make("chart-departments");
    if (!chart) return;
    var by = data.byDepartment;
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: by.names,
               axisLabel: { interval: 0, rotate: by.names.length > 3 ? 30 : 0, formatter: shorten } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.levels.map(function (level) {
        return { name: level.name, type: "bar", stack: "alerts", itemStyle: { color: COLORS[level.key] },
                 data: by.series[level.key], cursor: "pointer", barMaxWidth: 56 };
      })
    });
    chart.on("click", function (event) {
      var level = data.levels[event.seriesIndex].key;
      window.location.href = casesUrl(data.casesUrl, { department: by.ids[event.dataIndex], alert: level,
                                                       days: data.days });
    });
  }

  function trendChart(data) {
    var chart = make("chart-trend");
    if (!chart) return;
    var trend = data.trend;
    chart.setOption({
      tooltip: { trigger: "axis", confine: true },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: trend.days, axisLabel: { formatter: function (day) { return day.slice(5); } } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.levels.map(function (level) {
        return { name: level.name, type: "line", smooth: false, symbolSize: 7, itemStyle: { color: COLORS[level.key] },
                 data: trend.series[level.key], cursor: "pointer" };
      })
    });
    chart.on("click", function (event) {
      var level = data.levels[event.seriesIndex].key;
      window.location.href = casesUrl(data.casesUrl, { alert: level, day: trend.days[event.dataIndex] });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var block = document.getElementById("supervision-data");
    if (!block) return;
    var data = JSON.parse(block.textContent);
    lightsChart(data);
    departmentChart(data);
    trendChart(data);
  });
})();
