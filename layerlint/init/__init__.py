"""`layerlint init`: a configuration proposed from the project as it is (proposal.py), or
carried over from import-linter's (carried.py), put into pyproject.toml (pyproject.py)."""

from layerlint.init.carried import carry_over
from layerlint.init.proposal import Proposal, propose
from layerlint.init.pyproject import configuration_in_charge, diff, newline_of, update

__all__ = [
    "Proposal",
    "carry_over",
    "configuration_in_charge",
    "diff",
    "newline_of",
    "propose",
    "update",
]
