/* The explorable's entry. Each widget is an <ma-explorable> element: its style and controls live in its own
   (declarative) shadow root, so a host page's rules do not reach in and its ids are its own; its data is
   the JSON in the element's .ma-data script; its state (maPerf too) is its own. No framework, no network.
   Every copy of this script starts the widgets not yet started, so a fragment pasted twice works twice. */
(function () {
  "use strict";
  function widget(host) {
    var root = host.shadowRoot;
    if (!root) {  // a browser without declarative shadow DOM: attach the root from the template
      var tpl = host.querySelector("template");
      root = host.attachShadow({ mode: "open" });
      root.appendChild(tpl.content.cloneNode(true));
      tpl.parentNode.removeChild(tpl);
    }
    var data = JSON.parse(host.querySelector(".ma-data").textContent);
/*PARTS*/
  }
  Array.prototype.forEach.call(document.querySelectorAll("ma-explorable"), function (host) {
    if (host.maStarted) return;
    host.maStarted = true;
    widget(host);
  });
})();
