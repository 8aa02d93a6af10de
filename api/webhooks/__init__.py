"""Webhooks that integrators register through the API (docs/webhooks.md)."""
