// Filters apply as soon as they change; the task clicked in a list is scrolled into view on the document page.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select.auto").forEach((s) =>
    s.addEventListener("change", () => s.form.requestSubmit ? s.form.requestSubmit() : s.form.submit()));
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("t-")) {
    const row = document.getElementById(hash);
    const link = row && row.querySelector("a[href^='#task-']");
    const block = link && document.getElementById(link.getAttribute("href").slice(1));
    if (row) row.classList.add("hl");
    if (block) { block.classList.add("hl"); block.scrollIntoView({block: "center"}); }
  }
});
