"""A sorted array of counted days (working days, or school days) answering clock questions by bisection."""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date

Window = tuple[date, date]


def merge_windows(windows: Iterable[Window]) -> list[tuple[int, int]]:
    """Windows as sorted, non-overlapping (start, end) ordinal pairs, both ends inclusive."""
    spans = sorted((start.toordinal(), end.toordinal()) for start, end in windows)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if end < start:
            raise ValueError(f"disregard window ends ({date.fromordinal(end)}) before it starts")
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class DayIndex:
    """Counted days between ``first`` and ``last`` (inclusive) as a sorted list of ordinals.

    Every query is a handful of bisections, so it costs O(log N) whatever the distance counted.
    """

    __slots__ = ("_ords", "first", "last")

    def __init__(self, ordinals: Sequence[int], first: date, last: date) -> None:
        self._ords: list[int] = list(ordinals)
        self.first = first
        self.last = last

    def __len__(self) -> int:
        return len(self._ords)

    def __contains__(self, d: object) -> bool:
        if not isinstance(d, date):
            return False
        o = d.toordinal()
        i = bisect_left(self._ords, o)
        return i < len(self._ords) and self._ords[i] == o

    def nth_after(self, d: date, n: int, disregard: Iterable[Window] = ()) -> date | None:
        """The n-th counted day strictly after ``d``, skipping counted days inside ``disregard``.

        Returns ``d`` for ``n == 0`` and None when the answer lies beyond ``last``.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return d
        ords = self._ords
        d_ord = d.toordinal()
        pos = bisect_right(ords, d_ord)
        idx = pos + n - 1
        if not disregard:
            return date.fromordinal(ords[idx]) if idx < len(ords) else None
        # Each window after d: (first counted day in it, how many counted days it holds).
        holes: list[tuple[int, int]] = []
        for start, end in merge_windows(disregard):
            lo = bisect_left(ords, max(start, d_ord + 1))
            hi = bisect_right(ords, end)
            if hi > lo:
                holes.append((ords[lo], hi - lo))
        # The answer is never inside a window, so once the candidate reaches a window the whole window is
        # skipped: iterate candidate = pos + n - 1 + (days in windows starting at or before it) to a fixpoint.
        skipped = 0
        k = 0
        while idx < len(ords):
            while k < len(holes) and holes[k][0] <= ords[idx]:
                skipped += holes[k][1]
                k += 1
            new_idx = pos + n - 1 + skipped
            if new_idx == idx:
                return date.fromordinal(ords[idx])
            idx = new_idx
        return None

    def count_between(self, a: date, b: date) -> int:
        """Counted days x with a < x <= b (0 if b <= a)."""
        if b <= a:
            return 0
        return bisect_right(self._ords, b.toordinal()) - bisect_right(self._ords, a.toordinal())

    def count_disregarded(self, a: date, b: date, disregard: Iterable[Window]) -> int:
        """Counted days x with a < x <= b that lie inside any of the windows."""
        if b <= a:
            return 0
        lo_bound, hi_bound = a.toordinal() + 1, b.toordinal()
        total = 0
        for start, end in merge_windows(disregard):
            lo, hi = max(start, lo_bound), min(end, hi_bound)
            if hi >= lo:
                total += bisect_right(self._ords, hi) - bisect_left(self._ords, lo)
        return total
