"""Registers the built-in canvas kinds (imported on first lookup)."""

from ._base import register_canvas_kind
from .board import Board
from .others import ABComparison, ConsentRound, FieldsMap, Journey, Matrix, PerspectivesGrid

for _logic in (
    Board(),
    FieldsMap(),
    Journey(),
    Matrix(),
    ConsentRound(),
    ABComparison(),
    PerspectivesGrid(),
):
    register_canvas_kind(_logic)
