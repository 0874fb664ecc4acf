// The comparison page's keys: c confirms, r rejects, n opens the next relation to decide.
// Read by position (event.code), so they work on an Arabic keyboard layout too; ignored
// while typing in the note or choosing a type, and with a modifier held.
"use strict";
document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
        return;
    }
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
        return;
    }
    const targets = { KeyC: "#relation-confirm", KeyR: "#relation-reject", KeyN: "#relation-next" };
    const element = targets[event.code] && document.querySelector(targets[event.code]);
    if (element) {
        event.preventDefault();
        element.click();
    }
});
