// The article body as blocks: move, add and remove blocks; text boxes grow with their text.
// Without this file the form still works: blocks are edited in place, removed by their
// checkbox, and added by writing in the empty block at the end.
"use strict";
(function () {
    function grow(textarea) {
        textarea.style.height = "auto";
        textarea.style.height = textarea.scrollHeight + 2 + "px";
    }

    function enable(block) {
        block.querySelector(".body-block-tools").hidden = false;
        const remove = block.querySelector(".body-block-remove");
        if (remove) {
            remove.hidden = true;
        }
        const label = block.querySelector(".body-block-new-label");
        if (label) {
            label.hidden = true;
        }
        grow(block.querySelector("textarea"));
    }

    function setUp(container) {
        const list = container.querySelector(".body-blocks-list");
        const template = container.querySelector(".body-blocks-template");
        let nextKey = 0;

        function newBlock() {
            const block = template.content.firstElementChild.cloneNode(true);
            nextKey += 1;
            block.querySelector("input[name$='-key']").value = "added" + nextKey;
            return block;
        }

        function add(after) {
            const block = newBlock();
            if (after) {
                after.after(block);
            } else {
                list.prepend(block);
            }
            enable(block);
            block.querySelector("textarea").focus();
        }

        // The empty block at the end is for pages without scripts: buttons add blocks here.
        const trailing = list.querySelector(".body-block-new");
        if (trailing) {
            trailing.remove();
        }
        list.querySelectorAll(".body-block").forEach(enable);
        container.querySelector(".body-blocks-help").hidden = true;

        const first = document.createElement("button");
        first.type = "button";
        first.className = "body-blocks-add-first";
        first.textContent = container.dataset.addFirst;
        first.addEventListener("click", function () {
            add(null);
        });
        list.before(first);

        list.addEventListener("click", function (event) {
            const button = event.target.closest("button");
            if (!button) {
                return;
            }
            const block = button.closest(".body-block");
            if (button.classList.contains("body-block-up") && block.previousElementSibling) {
                block.previousElementSibling.before(block);
                button.focus();
            } else if (button.classList.contains("body-block-down") && block.nextElementSibling) {
                block.nextElementSibling.after(block);
                button.focus();
            } else if (button.classList.contains("body-block-add")) {
                add(block);
            } else if (button.classList.contains("body-block-delete")) {
                const focusNext = block.nextElementSibling || block.previousElementSibling;
                block.remove();
                if (focusNext) {
                    focusNext.querySelector("textarea").focus();
                }
            }
        });
        list.addEventListener("input", function (event) {
            if (event.target.tagName === "TEXTAREA") {
                grow(event.target);
            }
        });
    }

    function start() {
        document.querySelectorAll(".body-blocks").forEach(setUp);
        // A wider or narrower window wraps the text anew: fit every box again.
        let pending = false;
        window.addEventListener("resize", function () {
            if (pending) {
                return;
            }
            pending = true;
            requestAnimationFrame(function () {
                pending = false;
                document.querySelectorAll(".body-block textarea").forEach(grow);
            });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
