// The approver's inbox: "select all" ticks or unticks every CRA of the list.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (!all) return;
  const form = all.closest("form");
  form.querySelectorAll('input[name="ids"]').forEach((box) => {
    box.checked = all.checked;
  });
});
