"""`layerlint init`: a configuration proposed from the project as it is (proposal.py), put
into pyproject.toml (pyproject.py)."""

from layerlint.init.proposal import Proposal, propose
from layerlint.init.pyproject import diff, refuse_other_configurations, update

__all__ = ["Proposal", "diff", "propose", "refuse_other_configurations", "update"]
