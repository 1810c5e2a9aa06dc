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

// Due page: mark a task done, cancelled or open again (PATCH /tasks/{id}); the row and the counts follow at once,
// and the name typed in "Người cập nhật" is sent as `by` (kept in this browser).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[type=checkbox].auto").forEach((c) =>
    c.addEventListener("change", () => c.form.requestSubmit ? c.form.requestSubmit() : c.form.submit()));
  const by = document.getElementById("tracker-by");
  if (!by) return;
  by.value = localStorage.getItem("tracker-by") || "";
  by.addEventListener("change", () => localStorage.setItem("tracker-by", by.value.trim()));
  const LABELS = {open: "Đang thực hiện", done: "Đã hoàn thành", cancelled: "Đã hủy"};
  const count = (id, delta) => {
    const el = document.getElementById(id);
    if (el) el.textContent = String(Number(el.textContent) + delta);
  };
  document.querySelectorAll("tr[data-task] button.set-state").forEach((button) =>
    button.addEventListener("click", async () => {
      const row = button.closest("tr");
      const error = row.querySelector(".track-error");
      const before = row.dataset.state;
      const state = button.dataset.state;
      row.querySelectorAll("button.set-state").forEach((b) => (b.disabled = true));
      error.textContent = "";
      try {
        const response = await fetch(`/tasks/${encodeURIComponent(row.dataset.task)}`, {
          method: "PATCH",
          headers: {"Content-Type": "application/json", Accept: "application/json"},
          body: JSON.stringify({state, by: by.value.trim() || null}),
        });
        const answer = await response.json();
        if (!response.ok) throw new Error(answer.message || response.statusText);
        row.dataset.state = answer.state;
        row.classList.remove(`state-${before}`);
        row.classList.add(`state-${answer.state}`);
        const label = row.querySelector(".state");
        label.textContent = LABELS[answer.state];
        label.className = `state ${answer.state}`;
        const last = answer.history[answer.history.length - 1];
        label.title = last ? `${last.at}${last.by ? " · " + last.by : ""}` : "";
        row.querySelectorAll("button.set-state").forEach((b) => {
          b.hidden = (answer.state === "open") === (b.dataset.state === "open");
        });
        const wasOpen = before === "open", isOpen = answer.state === "open";
        if (wasOpen !== isOpen) count(row.dataset.status === "overdue" ? "n-overdue" : "n-due", isOpen ? 1 : -1);
      } catch (err) {
        error.textContent = `Không cập nhật được: ${err.message}`;
      } finally {
        row.querySelectorAll("button.set-state").forEach((b) => (b.disabled = false));
      }
    }));
});
