"""Boucle's service: FastAPI routes, settings, security, CLI."""
