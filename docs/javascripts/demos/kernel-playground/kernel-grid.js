// The editable k×k grid of kernel weights. Keyboard first, and one Tab stop however many cells (a 5×5 kernel
// would otherwise be 25 stops between the reader and the image): Tab enters the grid at the last cell used, the
// arrow keys move between cells (a cell's text is selected on arrival, so typing replaces it), PageUp /
// PageDown nudge a weight by 0.1, and Tab leaves. A weight can also be dragged up or down with the mouse or a
// finger. Text that is not a number is flagged and ignored: the last valid kernel stays in use.

const DRAG_THRESHOLD_PX = 4; // smaller moves are a click that focuses the cell
const DRAG_STEP_PER_PX = 0.02;
const NUDGE = 0.1;

// "1", "-0.5", ".25", "1e-3", "  2 " are numbers; "", "-", "abc", "1/9" are not.
export function parseWeight(text) {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

// The weight as a cell shows it: at most 6 significant digits, so float noise such as 0.30000000000000004 reads
// 0.3. Only the text is rounded; the grid keeps every digit of the weight.
export function formatWeight(value) {
  return String(Number(value.toPrecision(6)));
}

export function createKernelGrid(container, { onChange, onInvalid }) {
  const grid = document.createElement("div");
  grid.className = "kp-grid";
  grid.setAttribute("role", "group");
  grid.setAttribute("aria-label", "Kernel weights: arrow keys move between cells, Page Up and Page Down nudge a weight");
  container.append(grid);

  let size = 3;
  let values = [];
  let cells = [];
  let active = 0; // the cell Tab lands on (a roving tab stop)
  const invalid = new Set(); // indices of cells whose text is not a number

  function focusCell(index) {
    const cell = cells[index];
    cell.focus();
    cell.select();
  }

  function makeActive(index) {
    cells[active].tabIndex = -1;
    active = index;
    cells[active].tabIndex = 0;
  }

  function commit(index, value) {
    values[index] = value;
    cells[index].value = formatWeight(value);
    markValid(index);
    onChange();
  }

  function markValid(index) {
    invalid.delete(index);
    cells[index].removeAttribute("aria-invalid");
  }

  function onInput(index) {
    const value = parseWeight(cells[index].value);
    if (value === null) {
      invalid.add(index);
      cells[index].setAttribute("aria-invalid", "true");
      const where = `Row ${Math.floor(index / size) + 1}, column ${(index % size) + 1}`;
      onInvalid(`${where}: “${cells[index].value}” is not a number. The last valid kernel is still applied.`);
      return;
    }
    values[index] = value;
    markValid(index);
    onChange();
  }

  function onKeyDown(event, index) {
    const row = Math.floor(index / size);
    const column = index % size;
    const moves = {
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
    };
    if (event.key in moves) {
      const [dr, dc] = moves[event.key];
      const next = (row + dr) * size + (column + dc);
      if (row + dr >= 0 && row + dr < size && column + dc >= 0 && column + dc < size) focusCell(next);
      event.preventDefault();
    } else if (event.key === "PageUp" || event.key === "PageDown") {
      commit(index, values[index] + (event.key === "PageUp" ? NUDGE : -NUDGE));
      cells[index].select();
      event.preventDefault();
    }
  }

  // A vertical drag changes the weight continuously: up is more, down is less.
  function onPointerDown(event, index) {
    if (event.button !== 0) return;
    const cell = cells[index];
    const startY = event.clientY;
    const startValue = values[index];
    let dragging = false;
    cell.setPointerCapture(event.pointerId);
    const move = (moveEvent) => {
      const dy = moveEvent.clientY - startY;
      if (!dragging && Math.abs(dy) < DRAG_THRESHOLD_PX) return;
      dragging = true;
      moveEvent.preventDefault();
      commit(index, Math.round((startValue - dy * DRAG_STEP_PER_PX) * 100) / 100);
    };
    const up = () => {
      cell.removeEventListener("pointermove", move);
      cell.removeEventListener("pointerup", up);
      cell.removeEventListener("pointercancel", up);
      if (dragging) cell.blur();
    };
    cell.addEventListener("pointermove", move);
    cell.addEventListener("pointerup", up);
    cell.addEventListener("pointercancel", up);
  }

  function build() {
    grid.replaceChildren();
    grid.style.setProperty("--kp-size", size);
    invalid.clear();
    active = Math.floor(values.length / 2); // the centre weight: the one every kernel has
    cells = values.map((value, index) => {
      const cell = document.createElement("input");
      cell.type = "text";
      cell.inputMode = "decimal";
      cell.autocomplete = "off";
      cell.spellcheck = false;
      cell.className = "kp-cell";
      cell.dataset.testid = "kernel-cell";
      cell.dataset.row = Math.floor(index / size);
      cell.dataset.column = index % size;
      cell.setAttribute("aria-label", `Weight, row ${Math.floor(index / size) + 1}, column ${(index % size) + 1}`);
      cell.value = formatWeight(value);
      cell.tabIndex = index === active ? 0 : -1;
      cell.addEventListener("input", () => onInput(index));
      cell.addEventListener("keydown", (event) => onKeyDown(event, index));
      cell.addEventListener("focus", () => {
        makeActive(index);
        cell.select();
      });
      cell.addEventListener("pointerdown", (event) => onPointerDown(event, index));
      grid.append(cell);
      return cell;
    });
  }

  return {
    get size() {
      return size;
    },
    // The weights as typed, row-major (a copy); a cell whose text is not a number keeps its last valid weight.
    values: () => values.slice(),
    // Whether some cell's text is not a number (and is flagged).
    hasInvalid: () => invalid.size > 0,
    set(newSize, newValues) {
      size = newSize;
      values = newValues.slice();
      build();
    },
  };
}
