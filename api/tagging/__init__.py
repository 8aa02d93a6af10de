"""Real-time tagging: text in, language, redacted text, insights, sentiment, intents, urgency out."""
