// objection serve: small enhancements; every page works without them.
"use strict";
document.documentElement.classList.add("js");

function csrf(form) {
  const field = form.querySelector('input[name="csrf_token"]');
  return field ? field.value : "";
}

// Questions that apply only to members, or only to non-members (the schema's "when").
function followWhen() {
  const fields = document.querySelectorAll("[data-when]");
  if (!fields.length) return;
  const update = () => {
    fields.forEach((field) => {
      const when = field.dataset.when;
      const name = when.replace(/^!/, "");
      const checked = document.querySelector('input[name="' + name + '"]:checked');
      const value = checked ? checked.value === "true" : true;
      field.hidden = when.startsWith("!") ? value : !value;
    });
  };
  document.querySelectorAll('input[type="radio"]').forEach((radio) => radio.addEventListener("change", update));
  update();
}

// The preview redrawn as the grounds or the place change.
function redrawPreview() {
  const form = document.getElementById("redraw-form");
  const frame = document.getElementById("letter-preview");
  if (!form || !frame) return;
  let timer = null;
  const notes = document.getElementById("preview-notes");
  const redraw = async () => {
    const response = await fetch("/letter/preview", {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json", "X-CSRF-Token": csrf(form) },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const answer = await response.json();
    frame.src = answer.preview;
    if (notes) {
      notes.replaceChildren();
      if (answer.notes.length) {
        const list = document.createElement("ul");
        answer.notes.forEach((note) => {
          const item = document.createElement("li");
          item.textContent = note;
          list.append(item);
        });
        notes.append(list);
      }
    }
  };
  form.querySelectorAll("textarea, input:not([type=hidden])").forEach((input) => {
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(redraw, 600);
    });
  });
}

// The copy button beside the form text.
function copyButtons() {
  document.querySelectorAll("button.copy").forEach((button) => {
    const source = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector(".copy-status");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(source.value);
      if (status) status.textContent = button.dataset.copied;
    });
  });
}

// A campaign's progress, asked for every half second until it is done.
function followProgress() {
  const section = document.querySelector("[data-progress][data-running]");
  if (!section) return;
  const bar = document.getElementById("batch-progress");
  const text = document.getElementById("progress-text");
  const ask = async () => {
    const response = await fetch(section.dataset.progress, { credentials: "same-origin" });
    if (!response.ok) return;
    const state = await response.json();
    bar.max = Math.max(state.total, 1);
    bar.value = state.done;
    bar.textContent = state.done;
    if (state.finished) {
      window.location.reload();
      return;
    }
    text.textContent = state.text;
    setTimeout(ask, 500);
  };
  setTimeout(ask, 500);
}

// The form's error summary takes the focus, so the member hears what to fix.
function focusErrors() {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
}

document.addEventListener("DOMContentLoaded", () => {
  followWhen();
  redrawPreview();
  copyButtons();
  followProgress();
  focusErrors();
});
