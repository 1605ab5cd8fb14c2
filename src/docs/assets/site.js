// partnerdesk help: a "Copy" button on each code block. The labels come from
// the page (data-copy, data-copied on <body>), so they are localized.
(function () {
  "use strict";
  var body = document.body;
  if (!body || !navigator.clipboard) {
    return;
  }
  var label = body.getAttribute("data-copy") || "Copy";
  var done = body.getAttribute("data-copied") || label;
  Array.prototype.forEach.call(document.querySelectorAll("pre.code"), function (pre) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = label;
    button.addEventListener("click", function () {
      var code = pre.querySelector("code");
      navigator.clipboard.writeText((code || pre).textContent).then(function () {
        button.textContent = done;
        window.setTimeout(function () {
          button.textContent = label;
        }, 2000);
      });
    });
    pre.parentNode.insertBefore(button, pre);
  });
})();
