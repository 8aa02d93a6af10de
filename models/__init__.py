"""Boucle's ML models: where each one is found, how it is loaded and checked, and the trained heads."""

from models.embedders import EMBEDDERS, Embedder, load_embedder
from models.heads import LinearHead, load_head

__all__ = ["EMBEDDERS", "Embedder", "LinearHead", "load_embedder", "load_head"]
