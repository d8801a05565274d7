// Profitability screens: the project's two charts from the page's JSON (CSP: no inline script), and the
// tooltips that explain a project's status.
(() => {
  const ready = (fn) => (document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", fn) : fn());
  const lang = document.documentElement.lang || "fr";
  const euros = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

  function moneyChart(canvas, data) {
    const datasets = [
      { type: "bar", label: canvas.dataset.revenueLabel, data: data.revenue, backgroundColor: "#0d6efd", order: 2 },
    ];
    if (data.cost) {
      datasets.push({ type: "bar", label: canvas.dataset.costLabel, data: data.cost, backgroundColor: "#adb5bd", order: 3 });
    }
    if (data.margin) {
      datasets.push({
        type: "line", label: canvas.dataset.marginLabel, data: data.margin,
        borderColor: "#198754", backgroundColor: "#198754", order: 1,
      });
    }
    return new Chart(canvas, {
      data: { labels: data.labels, datasets },
      options: {
        maintainAspectRatio: false,
        scales: { y: { ticks: { callback: (value) => euros.format(value) } } },
        plugins: {
          // the line is drawn over the bars, yet listed after them
          legend: { labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex } },
          tooltip: {
            itemSort: (a, b) => a.datasetIndex - b.datasetIndex,
            callbacks: { label: (ctx) => `${ctx.dataset.label} : ${euros.format(ctx.parsed.y)}` },
          },
        },
      },
    });
  }

  function consumptionChart(canvas, data) {
    const unit = canvas.dataset.unit;
    const datasets = [
      { label: canvas.dataset.consumedLabel, data: data.consumed, borderColor: "#0d6efd", backgroundColor: "#0d6efd", fill: false },
    ];
    if (data.forecast.length) {
      datasets.push({
        label: canvas.dataset.forecastLabel, data: data.forecast, borderColor: "#fd7e14", backgroundColor: "#fd7e14",
        borderDash: [6, 4], spanGaps: true, pointRadius: 4,
      });
    }
    if (data.budget.length) {
      datasets.push({
        label: canvas.dataset.budgetLabel, data: data.budget, borderColor: "#dc3545", backgroundColor: "#dc3545",
        pointRadius: 0, borderWidth: 2,
      });
    }
    return new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets },
      options: {
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { callback: (value) => `${number.format(value)} ${unit}` } } },
        plugins: {
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label} : ${number.format(ctx.parsed.y)} ${unit}` } },
        },
      },
    });
  }

  ready(() => {
    if (window.bootstrap) {
      document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach((el) => new bootstrap.Tooltip(el));
    }
    const source = document.getElementById("profitability-data");
    if (!source || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    // Respect reduced motion (and draw at once for the browser tests' screenshots).
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;
    const money = document.getElementById("money-chart");
    if (money) moneyChart(money, data.money);
    const consumption = document.getElementById("consumption-chart");
    if (consumption) consumptionChart(consumption, data.consumption);
  });
})();
