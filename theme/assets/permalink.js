/* Each task's permalink (#t-1-2) gains a small button that copies the task's full address.
   Without JavaScript, or without clipboard access, the link itself remains: open it, copy
   the address bar. */
(function () {
  "use strict";
  function copied(button, text) {
    button.textContent = text;
    setTimeout(function () { button.textContent = "复制链接"; }, 2000);
  }
  function add(link) {
    if (!navigator.clipboard || link.nextElementSibling && link.nextElementSibling.classList.contains("task-copy")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "task-copy";
    button.textContent = "复制链接";
    button.setAttribute("aria-label", "复制链接：" + (link.getAttribute("data-ref") || ""));
    button.addEventListener("click", function () {
      var address = new URL(link.getAttribute("href"), window.location.href).href;
      navigator.clipboard.writeText(address).then(function () { copied(button, "已复制"); },
                                                  function () { window.location.href = address; });
    });
    link.insertAdjacentElement("afterend", button);
  }
  function run() { document.querySelectorAll("a.task-permalink").forEach(add); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
