// The CRA grid: keyboard moves between cells, the saving indicator, and refusals that keep what was typed.
// Loaded without defer, before Alpine (deferred), so that the component exists when Alpine starts.
(function () {
  "use strict";

  const isCell = (el) => el instanceof HTMLInputElement && el.name === "value" && "day" in el.dataset;
  const cellKey = (input) => input.id.replace(/^(g|li)-/, "");

  // What each cell sent, to know whether the user typed again while the save was on its way.
  document.addEventListener("htmx:configRequest", (event) => {
    if (isCell(event.detail.elt)) event.detail.elt.dataset.sent = event.detail.elt.value;
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const detail = event.detail;
    const status = detail.xhr.status;
    // htmx does not swap 4xx answers. The grid's refusals (400: a rule, 409: a locked month) are
    // fragments that put the message on the cell and keep the typed value: let htmx swap them.
    if ((status === 400 || status === 409) && detail.elt.closest("[data-cra]")) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
    // A cell typed into again since its save left keeps the new value (its own save follows, queued):
    // only the totals, out of band, are updated.
    const cell = detail.requestConfig && detail.requestConfig.elt;
    if (isCell(cell) && cell.value !== cell.dataset.sent) detail.swapOverride = "none";
  });

  function neighbour(td, step) {
    let cell = td;
    do {
      cell = step > 0 ? cell.nextElementSibling : cell.previousElementSibling;
    } while (cell && !cell.querySelector("input"));
    return cell && cell.querySelector("input");
  }

  function below(td, step) {
    const index = td.cellIndex;
    let row = td.parentElement;
    do {
      row = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    } while (row && !(row.cells[index] && row.cells[index].querySelector("input")));
    return row && row.cells[index].querySelector("input");
  }

  function craGrid() {
    return {
      day: "",
      state: "idle", // idle | saving | saved | failed
      pending: 0,
      labels: {},
      focusValue: null,
      selectOnMouseUp: null,

      init() {
        const data = this.$el.dataset;
        this.day = data.day;
        this.labels = { saving: data.savingLabel, saved: data.savedLabel, failed: data.failedLabel };
        this.networkError = data.networkError;
        this.$el.addEventListener("focusin", (event) => this.focused(event.target));
        this.$el.addEventListener("mouseup", (event) => this.mouseUp(event));
        this.$el.addEventListener("keydown", (event) => this.keyDown(event));
        this.$el.addEventListener("htmx:beforeRequest", (event) => this.started(event));
        this.$el.addEventListener("htmx:afterRequest", (event) => this.finished(event));
        this.showToday(data.today);
      },

      showToday(today) {
        // On a phone the month is a long list of days: start at today's card.
        const card = today && document.getElementById("ld-" + today);
        if (card && window.matchMedia("(max-width: 767.98px)").matches) card.scrollIntoView({ block: "start" });
      },

      focused(target) {
        if (!isCell(target)) return;
        this.day = target.dataset.day;
        this.focusValue = target.value;
        if (!target.readOnly) {
          // Typing replaces the content, as in a spreadsheet.
          target.select();
          this.selectOnMouseUp = target;
        }
      },

      mouseUp(event) {
        // A click would otherwise drop the selection made on focus.
        if (event.target === this.selectOnMouseUp) event.preventDefault();
        this.selectOnMouseUp = null;
      },

      keyDown(event) {
        const input = event.target;
        if (!isCell(input) || !input.id.startsWith("g-") || event.altKey || event.ctrlKey || event.metaKey) return;
        const td = input.closest("td");
        const moves = {
          ArrowLeft: () => neighbour(td, -1),
          ArrowRight: () => neighbour(td, 1),
          ArrowUp: () => below(td, -1),
          ArrowDown: () => below(td, 1),
          Enter: () => below(td, 1),
        };
        if (!(event.key in moves)) return;
        event.preventDefault();
        if (event.key === "Enter" && input.classList.contains("is-invalid") && input.value === this.focusValue) {
          htmx.trigger(input, "cra-retry"); // unchanged but refused: try again
        }
        const next = moves[event.key]();
        if (next) {
          next.focus(); // leaving the cell fires its change: the save
        } else if (event.key === "Enter") {
          input.blur();
          input.focus();
        }
      },

      started(event) {
        if (event.detail.requestConfig.verb !== "post") return;
        this.pending += 1;
        this.state = "saving";
      },

      finished(event) {
        // When the element was swapped out, htmx re-fires the event on an ancestor: detail.elt is then
        // that ancestor, requestConfig.elt the element that asked.
        const elt = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
        const status = event.detail.xhr ? event.detail.xhr.status : 0;
        const ok = status >= 200 && status < 300;
        if (event.detail.requestConfig && event.detail.requestConfig.verb === "post") {
          this.pending = Math.max(0, this.pending - 1);
          if (!ok) this.state = "failed";
          else if (!this.pending) this.state = "saved";
        }
        if (isCell(elt)) {
          if (ok) {
            const stale = document.getElementById("err-" + cellKey(elt));
            if (stale) stale.remove();
          } else if (status !== 400 && status !== 409) {
            this.unreachable(elt);
          }
          return;
        }
        if (!ok) return;
        if (elt.id === "cra-add-row") this.rowAdded(elt);
        const dropdown = elt.closest(".dropdown");
        if (dropdown && window.bootstrap) {
          bootstrap.Dropdown.getOrCreateInstance(dropdown.querySelector("[data-bs-toggle]")).hide();
        }
      },

      unreachable(input) {
        // No answer, or an unexpected one: nothing was swapped, so the typed value is still there.
        input.classList.add("is-invalid");
        input.title = this.networkError;
        const region = document.getElementById("cra-alert");
        if (region) {
          region.innerHTML = "";
          const alert = document.createElement("div");
          alert.className = "alert alert-danger py-2";
          alert.setAttribute("role", "alert");
          alert.id = "err-" + cellKey(input);
          alert.textContent = this.networkError;
          region.appendChild(alert);
        }
      },

      rowAdded(select) {
        const option = select.selectedOptions[0];
        if (option && option.value) option.remove();
        select.value = "";
        const row = document.querySelector("#cra-rows tr:last-child");
        const first = row && row.querySelector("input:not([readonly])");
        if (first && first.offsetParent !== null) first.focus();
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("craGrid", craGrid);
  });
})();
