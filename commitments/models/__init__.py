"""The progress tracker's domain.

- ``framework``: the three levels of the FRA framework and their checklist elements.
- ``commitment``: what the city promises, with its status list and responsible units.
- ``records``: the dated record of a commitment: milestones, progress updates, documents.
- ``indicators``: what is measured, with yearly data points.
"""

from .commitment import Commitment, CommitmentSlug, Status, Unit
from .framework import Element, ElementStatus, FraPart, Level
from .indicators import DataPoint, Direction, Indicator
from .records import Document, DocumentKind, Milestone, ProgressUpdate

__all__ = [
    "Commitment",
    "CommitmentSlug",
    "DataPoint",
    "Direction",
    "Document",
    "DocumentKind",
    "Element",
    "ElementStatus",
    "FraPart",
    "Indicator",
    "Level",
    "Milestone",
    "ProgressUpdate",
    "Status",
    "Unit",
]
