// Runs before the body is parsed (a classic script in the head).
//
// An embed card shows no masthead. The parameter is read as the app reads
// it (core::view_state: the last `embed`, trimmed, is 1 or true); the app
// keeps the class in step with the view, and a browser test holds the two
// readings to the same answers.
//
// A card starts with its first paint (crates/first-paint): a small program
// that names the sprint long before the app could. The build writes its
// files' names on this script's tag (xtask's first_paint_loader). The
// app's download waits for it (its start-up script awaits
// `sprintliftFirstPaint`), so the small program has the network to itself
// and the first screen is not held up by the large one; a first paint
// that fails, or takes over three seconds, holds nothing up. Other views
// never download it, and their app starts at once.
(function () {
  var embed = new URLSearchParams(location.search).getAll("embed").pop();
  if (embed === undefined || ["1", "true"].indexOf(embed.trim()) < 0) {
    return;
  }
  document.documentElement.classList.add("embed");
  var names = document.currentScript && document.currentScript.dataset;
  if (!names || !names.firstPaintStart) {
    return;
  }
  var done;
  window.sprintliftFirstPaint = new Promise(function (resolve) {
    done = resolve;
  });
  window.sprintliftFirstPaintDone = done;
  setTimeout(done, 3000);
  function add(tag, attributes) {
    var element = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) {
      element.setAttribute(name, attributes[name]);
    });
    document.head.appendChild(element);
    return element;
  }
  add("link", { rel: "modulepreload", href: names.firstPaintGlue, crossorigin: "anonymous" });
  add("link", { rel: "preload", href: names.firstPaintWasm, as: "fetch", type: "application/wasm", crossorigin: "anonymous" });
  add("script", { type: "module", src: names.firstPaintStart }).onerror = done;
})();
