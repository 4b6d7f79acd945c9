// Reloads a page that shows a running run, so its status, metrics and charts follow the run; a page the user is working
// on (a box ticked, text typed, a button pressed, the column choice open) is left alone, so nothing they did is lost.
(() => {
  const seconds = Number(document.currentScript.dataset.seconds);
  let touched = false;
  document.addEventListener('input', () => { touched = true; });
  document.addEventListener('click', (event) => { if (event.target.closest('button, summary')) touched = true; });
  setTimeout(() => {
    if (!touched && !document.querySelector('details[open]')) location.reload();
  }, seconds * 1000);
})();
