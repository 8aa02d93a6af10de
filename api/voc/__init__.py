"""Voice of the customer: NPS and CSAT, survey response rates, follow-up times, account health.

`service` holds what the modules share (which feedback is a survey answer, whose account it is,
period buckets); `nps`, `surveys`, `followup` and `health` each answer one question."""
