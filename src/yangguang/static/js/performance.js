// Charts of performance evaluation (绩效评估): scores by department and the on-time rate with its
// 95% Wilson interval. The figures come from a json_script block (data, not code, so allowed by
// the CSP); clicking a department opens its score line by line.
(function () {
  "use strict";

  function narrow() { return window.matchMedia("(max-width: 767.98px)").matches; }

  function shorten(name) {
    var max = narrow() ? 6 : 10;
    return name.length > max ? name.slice(0, max) + "…" : name;
  }

  function make(id, rows) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) return null;
    node.style.height = Math.max(180, 60 + rows * 30) + "px";
    var chart = window.echarts.init(node, null, { renderer: "svg" });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function scoreColor(score) {
    if (score === null) return "#c8ced6";
    if (score >= 90) return "#2e9e4f";
    if (score >= 75) return "#5a7db5";
    if (score >= 60) return "#f0b400";
    return "#d62839";
  }

  function open(urls) {
    return function (event) {
      var url = urls[event.dataIndex];
      if (url) window.location.href = url;
    };
  }

  function scoreChart(data) {
    var names = data.names.slice().reverse(), scores = data.scores.slice().reverse();
    var urls = data.urls.slice().reverse();
    var chart = make("chart-scores", names.length);
    if (!chart) return;
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100 },
      yAxis: { type: "category", data: names, axisLabel: { formatter: shorten } },
      series: [{
        name: data.labels.score, type: "bar", barMaxWidth: 22, cursor: "pointer",
        data: scores.map(function (score) { return { value: score, itemStyle: { color: scoreColor(score) } }; }),
        label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "—" : p.value.toFixed(1); } }
      }]
    });
    chart.on("click", open(urls));
  }

  function intervalChart(data) {
    var iv = data.interval;
    var names = iv.names.slice().reverse(), low = iv.low.slice().reverse(), high = iv.high.slice().reverse();
    var value = iv.value.slice().reverse(), ranks = iv.ranks.slice().reverse(), urls = iv.urls.slice().reverse();
    var chart = make("chart-intervals", names.length);
    if (!chart) return;
    chart.setOption({
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" }, confine: true,
        formatter: function (items) {
          var i = items[0].dataIndex;
          return names[i] + "<br>" + data.labels.onTime + " " + value[i] + "%<br>" + data.labels.interval + " " +
            low[i] + "–" + high[i] + "%<br>" + data.labels.rank + " " + ranks[i];
        }
      },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: names, axisLabel: { formatter: shorten } },
      series: [
        { type: "bar", stack: "interval", silent: true, itemStyle: { color: "transparent" }, data: low, barMaxWidth: 14 },
        { name: data.labels.interval, type: "bar", stack: "interval", cursor: "pointer", barMaxWidth: 14,
          itemStyle: { color: "#bcd0ea", borderColor: "#5a7db5", borderWidth: 1 },
          data: high.map(function (h, i) { return Math.max(0, h - low[i]); }) },
        { name: data.labels.onTime, type: "scatter", symbolSize: 10, cursor: "pointer",
          itemStyle: { color: "#082b57" }, data: value.map(function (v, i) { return [v, names[i]]; }) }
      ]
    });
    chart.on("click", open(urls));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var block = document.getElementById("performance-data");
    if (!block) return;
    var data = JSON.parse(block.textContent);
    scoreChart(data);
    intervalChart(data);
  });
})();
