// Behaviour shared by every page. Static file: the CSP forbids inline scripts without a nonce.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyTarget);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.value || source.textContent.trim()).then(() => {
    button.querySelector("[data-copy-label]")?.classList.add("d-none");
    button.querySelector("[data-copied-label]")?.classList.remove("d-none");
  });
});
