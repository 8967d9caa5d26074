"""What every check returns: one broken rule, at a place in the project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from layerlint.project import ImportSite


class Violation(NamedTuple):
    """One broken rule, at an import statement (`site`) or at a place in a file (`location`)."""

    code: str
    contract: str | None  # the contract's name; None for rules that are not contracts
    message: str
    site: ImportSite | None = None
    location: tuple[Path, int, int] | None = None  # (file, line, column)
    details: tuple[str, ...] = ()  # extra lines for the full output format
    severity: str = "error"  # "warning" never fails the run
    # What is violated, stable under unrelated edits (for baselines): by default, for an
    # import, "importer -> imported"; line numbers never appear in it.
    key: str = ""
    # The other statements a diagnostic at `site` stands for (one import cycle broken by a
    # dependency of several imports is one diagnostic): listed in `details` as well.
    also: tuple[ImportSite, ...] = ()

    @property
    def shown_message(self) -> str:
        """The message as diagnostics show it: a contract's violation ends with the name of
        the contract (said here once, not by each contract type)."""
        if self.contract is None:
            return self.message
        return f"{self.message} (contract '{self.contract}')"


def list_some(items: list[str], shown: int = 5) -> str:
    """'a, b, c and 4 more': a message stays one readable line however large the group."""
    if len(items) <= shown + 1:
        return ", ".join(items)
    return f"{', '.join(items[:shown])} and {len(items) - shown} more"


ALSO = "also: "  # how a details line naming one more member of a group begins


def list_rest(items: list[str], shown: int = 5) -> tuple[str, ...]:
    """The items `list_some` leaves out ('and 4 more'), one details line each ("also: x"):
    the full output and the language server name every one."""
    if len(items) <= shown + 1:
        return ()
    return tuple(f"{ALSO}{item}" for item in items[shown:])
