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

  // The region's departments as tiles grouped by district, coloured by their worst light now.
  function mapChart(data) {
    var chart = make("chart-map");
    if (!chart) return;
    var map = data.map;
    chart.setOption({
      tooltip: { confine: true, formatter: function (info) {
        var d = info.data;
        if (!d.lights) return info.name;
        return d.full + "<br>" + map.labels.red + " " + d.lights.red + " · " + map.labels.yellow + " " + d.lights.yellow +
          " · " + map.labels.green + " " + d.lights.green;
      } },
      series: [{
        type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false }, width: "100%", height: "100%",
        top: 0, left: 0, right: 0, bottom: 0,
        label: { show: true, formatter: "{b}", fontSize: 12, overflow: "truncate" },
        levels: [{ itemStyle: { borderWidth: 0, gapWidth: 4 } },
                 { itemStyle: { borderColor: "#1d3557", borderWidth: 3, gapWidth: 1 },
                   upperLabel: { show: true, height: 24, color: "#fff", fontWeight: "bold" } },
                 { itemStyle: { borderColor: "#fff", borderWidth: 1, gapWidth: 1 } }],
        data: map.regions.map(function (region) {
          return { name: region.name, itemStyle: { color: "#1d3557" }, children: region.departments.map(function (d) {
            return { name: d.name, full: d.full, id: d.id, lights: d.lights, value: Math.max(d.lights.total, 1),
                     itemStyle: { color: COLORS[d.level] || "#adb5bd" }, label: { color: d.level === "yellow" ? "#212529" : "#fff" },
                     cursor: "pointer" };
          }) };
        })
      }]
    });
    chart.on("click", function (event) {
      if (event.data && event.data.id) window.location.href = casesUrl(data.casesUrl, { department: event.data.id });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var block = document.getElementById("supervision-data");
    if (!block) return;
    var data = JSON.parse(block.textContent);
    mapChart(data);
    lightsChart(data);
    departmentChart(data);
    trendChart(data);
  });
})();
