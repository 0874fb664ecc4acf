// The review screen's keyboard and selection; the page works without it, by links and forms.
"use strict";
(function () {
  const root = document.getElementById("review");
  if (!root) return;
  const sections = Array.from(root.querySelectorAll("section.review-claim"));
  const order = sections.map((section) => section.dataset.claim);
  const selectionForm = document.getElementById("review-selection");
  let current = sections.findIndex((section) => !section.hidden);
  const shown = selectionForm?.querySelector(".review-selection-text");
  const fields = selectionForm?.elements;

  function updateSpanButton() {
    const button = selectionForm.querySelector(".review-set-span");
    if (button) button.disabled = !(fields.claim.value && fields.statement.value);
  }

  function byClaim(selector, id) {
    return root.querySelectorAll(`${selector}[data-claim="${id}"]`);
  }

  function choose(index, focus = true) {
    if (index < 0 || index >= sections.length) return;
    current = index;
    const id = order[index];
    sections.forEach((section, i) => { section.hidden = i !== index; });
    root.querySelectorAll(".is-current").forEach((element) => element.classList.remove("is-current"));
    byClaim(".review-claim-link", id).forEach((link) => link.classList.add("is-current"));
    const mark = byClaim("mark", id)[0];
    if (mark) {
      mark.classList.add("is-current");
      if (focus) mark.focus({ preventScroll: true });
      mark.scrollIntoView({ block: "center" });
    } else if (focus) {
      sections[index].tabIndex = -1;
      sections[index].focus();
    }
    if (selectionForm) {
      selectionForm.elements.claim.value = id;
      updateSpanButton();
    }
    history.replaceState(null, "", `?claim=${id}`);
  }

  root.addEventListener("click", (event) => {
    const target = event.target.closest("mark[data-claim], a.review-claim-link, a[data-claim-link], .review-misfit a");
    if (!target) return;
    const id = target.dataset.claim || target.dataset.claimLink || target.closest("[data-claim]").dataset.claim;
    const index = order.indexOf(id);
    if (index < 0) return;
    if (target.tagName === "MARK" && !document.getSelection().isCollapsed) return;
    event.preventDefault();
    choose(index);
  });

  function typing(element) {
    return element.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const key = event.key;
    if (key === "j" || key === "ArrowDown") {
      event.preventDefault();
      choose(current < 0 ? 0 : Math.min(current + 1, sections.length - 1));
    } else if (key === "k" || key === "ArrowUp") {
      event.preventDefault();
      choose(current < 0 ? 0 : Math.max(current - 1, 0));
    } else if (/^[1-9]$/.test(key) && current >= 0) {
      const radios = sections[current].querySelectorAll("input[name=verdict]");
      const radio = radios[Number(key) - 1];
      if (radio) {
        event.preventDefault();
        radio.checked = true;
      }
    } else if ((key === "Enter" || key === "s") && current >= 0) {
      if (key === "Enter" && event.target.closest("a, button, summary")) return;
      const form = sections[current].querySelector("form.review-verdict");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
    }
  });

  if (current >= 0) choose(current);

  if (!selectionForm) return;

  // Offsets count code points, as Python indexes the stored paragraph text.
  function codePoints(text) {
    return Array.from(text).length;
  }

  function offsetIn(paragraph, node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement.closest("[data-offset]");
      if (piece && paragraph.contains(piece)) {
        return Number(piece.dataset.offset) + codePoints(node.data.slice(0, offset));
      }
    }
    // An element boundary: everything before it, as the text nodes hold it.
    const before = document.createRange();
    before.setStart(paragraph, 0);
    before.setEnd(node, offset);
    return codePoints(before.toString());
  }

  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const start = range.startContainer.parentElement?.closest(".review-paragraph") ||
      (range.startContainer.closest && range.startContainer.closest(".review-paragraph"));
    if (!start || !root.contains(start)) return;
    const end = range.endContainer.parentElement?.closest(".review-paragraph") ||
      (range.endContainer.closest && range.endContainer.closest(".review-paragraph"));
    if (start !== end) {
      shown.textContent = selectionForm.dataset.oneParagraph;
      fields.statement.value = "";
      updateSpanButton();
      return;
    }
    let from = offsetIn(start, range.startContainer, range.startOffset);
    let to = offsetIn(start, range.endContainer, range.endOffset);
    const text = Array.from(start.textContent);
    // Leading and trailing spaces are not part of a statement.
    while (from < to && /\s/.test(text[from])) from += 1;
    while (to > from && /\s/.test(text[to - 1])) to -= 1;
    if (from >= to) return;
    const statement = text.slice(from, to).join("");
    fields.paragraph.value = start.dataset.paragraph;
    fields.span_start.value = from;
    fields.span_end.value = to;
    fields.statement.value = statement;
    shown.textContent = statement;
    updateSpanButton();
  });

  // The speaker: Django admin's autocomplete for Claim.speaker (the Arabic-aware search).
  const name = fields.speaker_name;
  const options = selectionForm.querySelector(".review-speaker-options");
  if (!name) return;
  let timer = null;
  name.addEventListener("input", () => {
    fields.speaker.value = "";
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const term = name.value.trim();
      options.replaceChildren();
      if (!term) return;
      const url = new URL(root.dataset.speakerSearch, location.href);
      url.search = new URLSearchParams({
        term, app_label: "articles", model_name: "claim", field_name: "speaker",
      });
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok || term !== name.value.trim()) return;
      const { results } = await response.json();
      for (const speaker of results) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "review-speaker-option";
        button.dataset.speaker = speaker.id;
        button.textContent = speaker.text;
        button.addEventListener("click", () => {
          fields.speaker.value = speaker.id;
          name.value = speaker.text;
          options.replaceChildren();
          fields.speaker_role.focus();
        });
        item.append(button);
        options.append(item);
      }
      if (!results.length) {
        const item = document.createElement("li");
        item.textContent = selectionForm.dataset.noSpeaker;
        options.append(item);
      }
    }, 200);
  });
}());
