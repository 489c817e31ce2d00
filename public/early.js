// Runs before the body is painted (a classic script in the head): an
// embed card shows no masthead. The parameter is read as the app reads it
// (core::view_state: the last `embed`, trimmed, is 1 or true); the app
// keeps the class in step with the view, and a browser test holds the two
// readings to the same answers.
(function () {
  var embed = new URLSearchParams(location.search).getAll("embed").pop();
  if (embed !== undefined && ["1", "true"].indexOf(embed.trim()) >= 0) {
    document.documentElement.classList.add("embed");
  }
})();
