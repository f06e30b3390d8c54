"""Resolve merged cells into a full grid, shared by the Word, HTML and PDF backends.

A backend places each source cell once with `GridBuilder.place(row, col, text, rows, cols)`; every grid
position the merge covers then holds the merged cell's text, the origin carries `span`, and the copies
have `origin=False`. Positions nobody filled (ragged rows) become empty cells.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tongbao.parsers.patterns import MAX_TABLE_CELLS, MAX_TABLE_SPAN
from tongbao.model import Cell, Table, Where


class TableTooLarge(ValueError):
    """The table's cells and merges cover more grid positions than MAX_TABLE_CELLS. Backends turn it
    into a ResourceLimit naming the file."""


@dataclass
class _Merged:
    text: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1
    nested: tuple[Table, ...] = ()
    page: int | None = None


@dataclass
class GridBuilder:
    """Collects cells (with their spans) and freezes them into `Table.rows`."""

    slots: dict[tuple[int, int], _Merged] = field(default_factory=dict)

    def place(self, row: int, col: int, text: str, rows: int = 1, cols: int = 1,
              nested: tuple[Table, ...] = (), page: int | None = None) -> None:
        """Place a cell whose top-left is (row, col), covering rows x cols positions not yet taken."""
        rows = max(1, min(rows, MAX_TABLE_SPAN))
        cols = max(1, min(cols, MAX_TABLE_SPAN))
        if len(self.slots) + rows * cols > MAX_TABLE_CELLS:
            raise TableTooLarge(f"table covers more than {MAX_TABLE_CELLS} cells")
        merged = _Merged(text, row, col, rows, cols, nested, page)
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                self.slots.setdefault((r, c), merged)

    def extend_down(self, row: int, col: int) -> bool:
        """Word's vMerge="continue": the cell above at (row-1, col) grows by one row. False if none."""
        above = self.slots.get((row - 1, col))
        if above is None:
            return False
        above.rows = max(above.rows, row - above.row + 1)
        for c in range(above.col, above.col + above.cols):
            self.slots.setdefault((row, c), above)
        return True

    def taken(self, row: int, col: int) -> bool:
        return (row, col) in self.slots

    def next_free(self, row: int, col: int) -> int:
        """The first column at or after `col` in `row` that no merge covers (HTML's cell placement)."""
        while (row, col) in self.slots:
            col += 1
        return col

    def freeze(self, table_index: int | None = None, page: int | None = None) -> tuple[tuple[Cell, ...], ...]:
        if not self.slots:
            return ()
        n_rows = max(r for r, _ in self.slots) + 1
        n_cols = max(c for _, c in self.slots) + 1
        if n_rows * n_cols > MAX_TABLE_CELLS:  # ragged rows: the bounding grid, not the slots, is built
            raise TableTooLarge(f"table of {n_rows} x {n_cols} cells (limit {MAX_TABLE_CELLS})")
        rows = []
        for r in range(n_rows):
            cells = []
            for c in range(n_cols):
                merged = self.slots.get((r, c))
                where = Where(page=(merged.page if merged and merged.page else page), table=table_index,
                              row=r, col=c)
                if merged is None:
                    cells.append(Cell(text="", raw="", where=where))
                    continue
                is_origin = (merged.row, merged.col) == (r, c)
                cells.append(Cell(
                    text=merged.text, raw=merged.text, where=where,
                    span=(merged.rows, merged.cols), origin=is_origin,
                    nested=merged.nested if is_origin else (),
                ))
            rows.append(tuple(cells))
        return tuple(rows)
