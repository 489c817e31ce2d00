// Runs before the body is painted (a classic script in the head): an
// embed card (embed=1) shows no masthead. The app keeps the class in step
// with the view it reads from the URL.
if (/[?&]embed=(1|true)(&|$)/.test(location.search)) {
  document.documentElement.classList.add("embed");
}
