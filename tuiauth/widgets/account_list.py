"""The accounts list: a Line API widget that draws only the rows on screen.

One ``Account`` per row, no widget per row: ``render_line`` builds the strip for a screen line from the
row under it, asking the code timer for that row's code, so 10,000 accounts cost no more per frame than
twenty. The search (``tuiauth/core/search.py``) narrows as the query grows; the group filter applies after it.
With no row to show for a search or a group, the first line says so.

Only what changes is written to the terminal (over a slow SSH link every byte counts;
benchmarks/idle_output.py): the accounts that share the common period have one countdown between
them (``SharedCountdown``, beside the search field), a row shows its own only where its period differs,
and each second redraws only the rows whose cells changed — a code at the end of its period, the
next code near it. With ``reduced_motion`` there is no countdown at all: rows change at their period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from ..core.accounts import Account
from ..core.codetimer import NEEDS_VERIFICATION, CodeTimer, CodeView
from ..core.search import Search, query_words
from .cells import fit
from .contrast import legible
from .glyphs import UNICODE, Glyphs

CODE_W, COUNT_W = 10, 9
BAR_CELLS = 5


def countdown(remaining: int, period: int, glyphs: Glyphs = UNICODE, *, reduced_motion: bool = False) -> str:
    """``12s ▮▮▮▯▯`` (the seconds first: a second's update rewrites only them); with reduced motion
    only the period, ``every 30s``."""
    if reduced_motion:
        return f"every {period}s"
    filled = round(BAR_CELLS * remaining / period)
    return f"{remaining:>2}s " + glyphs.filled * filled + glyphs.empty * (BAR_CELLS - filled)


class SharedCountdown(Widget):
    """The one countdown of the accounts that share the common period (``AccountList.common_period``);
    redrawn only when its text changes."""

    DEFAULT_CSS = """
    SharedCountdown {
        width: 11;
        height: 1;
        margin: 0 1 0 0;
        color: $text-muted;
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""

    def show(self, text: str) -> None:
        """Show ``text``, redrawing up to its last changed cell only (the seconds, most of the time)."""
        if text == self.text:
            return
        old, self.text = self.text, text
        width = max(len(old), len(text))
        changed = [i for i, (a, b) in enumerate(zip(old.ljust(width), text.ljust(width), strict=True)) if a != b]
        self.refresh(Region(0, 0, changed[-1] + 1, 1))

    def render(self) -> str:
        return self.text


class AccountList(ScrollView, can_focus=True):
    """Rows of issuer, account, code, countdown and (near the end of a period) the next code."""

    COMPONENT_CLASSES = {
        "account-list--cursor",
        "account-list--issuer",
        "account-list--name",
        "account-list--code",
        "account-list--next",
        "account-list--urgent",
        "account-list--dim",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="cursor_up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="cursor_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="page_down"),
        Binding("home", "cursor_to(0)", "First", show=False, id="first"),
        Binding("end", "cursor_to(-1)", "Last", show=False, id="last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    def __init__(
        self,
        timer: CodeTimer,
        clock: Callable[[], float],
        *,
        hidden: bool = False,
        reduced_motion: bool = False,
        glyphs: Glyphs = UNICODE,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.timer = timer
        self.clock = clock
        self.hidden = hidden
        self.reduced_motion = reduced_motion
        self.glyphs = glyphs
        #: The period most accounts share: their countdown is the ``SharedCountdown``, not each row's.
        self.common_period: int | None = None
        self._count_w = 0
        self._code_w = CODE_W
        #: row index -> what its changing cells showed when last drawn (``tick`` redraws the others only).
        self._drawn: dict[int, tuple[object, ...]] = {}
        #: account id -> clock time until which its code is revealed (hidden-codes mode).
        self.revealed: dict[str, float] = {}
        self.rows: list[Account] = []
        self._all: list[Account] = []
        self._search = Search([])
        self._query = ""
        self._group: str | None = None
        self._now = clock()
        self._styles: dict[str, Style] = {}

    # --- the data ----------------------------------------------------------------------------
    def set_accounts(self, accounts: Sequence[Account], *, keep: str | None = None) -> None:
        """Show ``accounts`` (vault order), favourites first, through the current filter.

        ``keep`` names an account id to keep the cursor on (after a move or an edit)."""
        self._all = [a for a in accounts if a.favourite] + [a for a in accounts if not a.favourite]
        self._search = Search(self._all)
        self.call_after_refresh(self._search.prepare)
        self._measure()
        self._apply(keep or (self.selected.id if self.selected else None))

    def _measure(self) -> None:
        """The common period, whether any row needs a countdown cell of its own, and the code
        column's width (an 8- or 10-digit code and its next code fit at 80 columns)."""
        periods = Counter(self._period(a) for a in self._all)
        timed = [(count, -period) for period, count in periods.items() if period is not None]
        self.common_period = -max(timed)[1] if timed else None  # the most used; the shorter of two
        self._count_w = COUNT_W if any(p != self.common_period for p in periods) else 0
        widest = max((len(self.timer.display(a, "0" * a.digits)) for a in self._all), default=7)
        self._code_w = max(CODE_W, widest + 1)

    def _period(self, account: Account) -> int | None:
        method = self.timer.method_for(account.type)
        return method.period(account) if method is not None else None

    def countdown_text(self) -> str:
        """What the ``SharedCountdown`` shows now ("" when no account has a period)."""
        period = self.common_period
        if period is None:
            return ""
        return countdown(period - int(self._now) % period, period, self.glyphs, reduced_motion=self.reduced_motion)

    def set_query(self, query: str) -> None:
        """Show only rows matching every word of ``query``, best matches first."""
        self._query = " ".join(query_words(query))
        self._apply(None)

    def set_group(self, group: str | None) -> None:
        """Show only the rows of ``group`` (``None`` = every group)."""
        self._group = group
        self._apply(None)

    @property
    def query_text(self) -> str:
        """The search text in force (lower-cased, one space between words)."""
        return self._query

    @property
    def group(self) -> str | None:
        return self._group

    def _apply(self, keep: str | None) -> None:
        rows = self._search.find(self._query)
        if self._group is not None:
            group = self._group
            rows = [a for a in rows if group in a.groups]
        self.rows = rows
        self._drawn.clear()
        self.virtual_size = Size(0, len(rows))
        index = next((i for i, a in enumerate(rows) if a.id == keep), 0) if keep else 0
        self.cursor = min(index, max(0, len(rows) - 1))
        self.refresh()

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def selected(self) -> Account | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def tick(self, now: float) -> None:
        """A new second: drop expired reveals and redraw the visible rows whose cells changed."""
        self._now = now
        if self.revealed:
            self.revealed = {k: t for k, t in self.revealed.items() if t > now}
        top = int(self.scroll_y)
        changing = self._columns(self.scrollable_content_region.width)[-1]
        for y in range(min(self.scrollable_content_region.height, len(self.rows) - top)):
            if self._changing_cells(top + y) != self._drawn.get(top + y):
                self.refresh(Region(0, y, changing, 1))  # the codes and countdown only

    def reveal(self, account_id: str, until: float) -> None:
        self.revealed[account_id] = until
        self.refresh()

    # --- cursor --------------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_lines(old)  # (rows of the list: ScrollView.refresh_lines takes the scroll off)
        self.refresh_lines(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)

    def action_cursor(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.scrollable_content_region.height - 1))

    def action_cursor_to(self, index: int) -> None:
        if self.rows:
            self.cursor = index % len(self.rows)

    def on_click(self, event: Click) -> None:
        row = event.y + int(self.scroll_y)
        if 0 <= row < len(self.rows):
            self.cursor = row

    # --- drawing -------------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"account-list--{name}", partial=True)
        return style

    def _line_style(self, selected: bool) -> Style:
        """A row's style: the cursor row's is reversed too without colour (NO_COLOR), where its
        background tint turns into a grey close to the others'."""
        key = "line-cursor" if selected else "line"
        style = self._styles.get(key)
        if style is None:
            style = self.rich_style
            if selected:
                style += self._style("cursor") + (Style(reverse=True) if self.app.no_color else Style())
            self._styles[key] = style
        return style

    def _code_style(self, line: Style, name: str, selected: bool) -> Style:
        """A code's style on its row: at least 4.5:1 against the row's background in any theme."""
        key = f"{name}-on-cursor" if selected else f"{name}-on-row"
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = legible(
                line + self._style(name), self.app.ansi_theme, monochrome=self.app.no_color
            )
        return style

    def _nothing_shown(self) -> str:
        if self._query:
            return f'  No account matches "{self._query}" (Esc clears the search).'
        return f"  No account in the group {self._group} (g shows the next group)."

    def _masked(self, account: Account, text: str) -> str:
        """``text`` as dots (keeping the grouping space) unless codes are shown or revealed."""
        if not self.hidden or account.id in self.revealed:
            return text
        return "".join(" " if c == " " else self.glyphs.mask for c in text)

    def _code_cells(self, view: CodeView, account: Account) -> tuple[str, str, str]:
        """The code, countdown and next-code cells of a row; the countdown is "" where the period is
        the common one (the ``SharedCountdown`` shows it)."""
        if view.code:
            code = self._masked(account, self.timer.display(account, view.code))
        else:
            code = "generate" if view.period is None and "counter" in view.note else "—"
        next_code = ""
        if view.next_code and not self.reduced_motion:
            next_code = f"{self.glyphs.arrow} {self._masked(account, self.timer.display(account, view.next_code))}"
        if view.period is None:
            count = view.note.split(":")[0]
        elif view.period == self.common_period:
            count = ""
        else:
            count = countdown(view.remaining, view.period, self.glyphs, reduced_motion=self.reduced_motion)
        return code, count, next_code

    def _urgent(self, view: CodeView) -> bool:
        return not self.reduced_motion and view.period is not None and view.remaining <= 5

    def _changing_cells(self, index: int) -> tuple[object, ...]:
        """What can change second by second on row ``index``: compared to tell whether to redraw it."""
        account = self.rows[index]
        view = self.timer.view(account, self._now)
        return (*self._code_cells(view, account), self._urgent(view), view.note, account.id in self.revealed)

    def _columns(self, width: int) -> tuple[int, int, int, int]:
        """The widths of the next-code, issuer and name columns, and where the cells that change
        end (the codes and countdown come first: Textual rewrites a changed line from its left
        edge to the end of the change, so codes on the left keep a second's update small)."""
        next_w = self._code_w + len(self.glyphs.arrow) + 1
        changing = 4 + self._code_w + 1 + next_w + 1 + (self._count_w + 1 if self._count_w else 0)
        rest = max(10, width - changing)
        issuer_w = rest * 9 // 20
        name_w = rest - issuer_w - 1
        return next_w, issuer_w, name_w, changing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_y)
        base = self.rich_style
        if index >= len(self.rows):
            if index == 0 and self._all:  # a search or a group filter left nothing to show
                return Strip([Segment(fit(self._nothing_shown(), width), base + self._style("dim"))], width)
            return Strip([Segment(" " * width, base)], width)
        account = self.rows[index]
        view = self.timer.view(account, self._now)
        code, count, next_text = self._code_cells(view, account)
        urgent = self._urgent(view)
        self._drawn[index] = (code, count, next_text, urgent, view.note, account.id in self.revealed)
        glyphs = self.glyphs
        code_w, count_w = self._code_w, self._count_w
        next_w, issuer_w, name_w, _ = self._columns(width)
        selected = index == self.cursor
        line = self._line_style(selected)
        marks = (f"{glyphs.cursor} " if selected else "  ") + (f"{glyphs.favourite} " if account.favourite else "  ")
        segments = [
            Segment(marks, line),
            Segment(fit(code, code_w) + " ", self._code_style(line, "code" if view.code else "dim", selected)),
            Segment(fit(next_text, next_w) + " ", self._code_style(line, "next", selected)),
        ]
        if count_w:
            segments.append(Segment(fit(count, count_w) + " ", line + self._style("urgent" if urgent else "dim")))
        if view.note == NEEDS_VERIFICATION:  # needs verification: no code; the row says why and which key fixes it
            cells = fit(f"{glyphs.warning} needs more verification (v)", code_w + 1 + next_w + 1 + count_w)
            segments[1:] = [Segment(cells + (" " if count_w else ""), line + self._style("urgent"))]
        segments += [
            Segment(fit(account.issuer or "(no issuer)", issuer_w) + " ", line + self._style("issuer")),
            Segment(fit(account.name, name_w), line + self._style("name")),
        ]
        strip = Strip(segments)
        return strip.adjust_cell_length(width, line)
