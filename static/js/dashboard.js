// The TACE dashboards: charts from the page's JSON (CSP: no inline script) and tooltips on every TACE.
(() => {
  const ready = (fn) => (document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", fn) : fn());

  ready(() => {
    if (window.bootstrap) {
      document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach((el) => new bootstrap.Tooltip(el));
    }
    const source = document.getElementById("dashboard-data");
    if (!source || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    // Respect reduced motion (and draw at once for the browser tests' screenshots).
    Chart.defaults.animation = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : Chart.defaults.animation;
    const percent = { ticks: { callback: (value) => `${value} %` }, beginAtZero: true };
    const trend = document.getElementById("trend-chart");
    if (trend) {
      new Chart(trend, {
        type: "line",
        data: {
          labels: data.trend.labels,
          datasets: [
            { label: trend.dataset.taceLabel, data: data.trend.tace, borderColor: "#0d6efd", backgroundColor: "#0d6efd", spanGaps: true },
            { label: trend.dataset.benchLabel, data: data.trend.bench, borderColor: "#fd7e14", backgroundColor: "#fd7e14", spanGaps: true },
          ],
        },
        options: { maintainAspectRatio: false, scales: { y: percent } },
      });
    }
    const groups = document.getElementById("groups-chart");
    if (groups) {
      new Chart(groups, {
        type: "bar",
        data: {
          labels: data.groups.labels,
          datasets: [{
            label: groups.dataset.taceLabel,
            data: data.groups.tace,
            backgroundColor: data.groups.kinds.map((kind) => (kind === "team" ? "#0d6efd" : "#20c997")),
          }],
        },
        options: { maintainAspectRatio: false, scales: { y: percent }, plugins: { legend: { display: false } } },
      });
    }
  });
})();
