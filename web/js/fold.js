// A section that folds away behind a button (the legend, the help places):
// the button says whether it is open (aria-expanded) and which part it
// shows (aria-controls).

/** Wires `button` to show and hide `body`. */
export function foldable(button, body) {
  button.addEventListener("click", () => {
    body.hidden = !body.hidden;
    button.setAttribute("aria-expanded", String(!body.hidden));
  });
}
