"""Erasure on request: forget a feedback item, a contact, an account or an e-mail address."""
