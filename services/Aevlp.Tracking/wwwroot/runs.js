// Child runs (sweep trials) start folded under their parent; its button unfolds them. Without script they stay listed.
(() => {
  const rows = [...document.querySelectorAll('#runs tbody tr')];
  const descendants = (id) => rows.filter((row) => row.dataset.parent === id)
    .flatMap((row) => [row, ...descendants(row.dataset.run)]);
  const show = (button, expanded) => {
    const parent = button.closest('tr');
    button.setAttribute('aria-expanded', String(expanded));
    for (const row of descendants(parent.dataset.run)) row.hidden = !expanded;
    if (!expanded) for (const inner of descendants(parent.dataset.run)) inner.querySelector('button.toggle')?.setAttribute('aria-expanded', 'false');
  };
  for (const button of document.querySelectorAll('#runs button.toggle')) {
    show(button, false);
    button.addEventListener('click', () => show(button, button.getAttribute('aria-expanded') !== 'true'));
  }
})();
