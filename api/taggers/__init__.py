"""Custom taggers: a team's own taxonomy, trained from labelled examples, live on every ticket."""
