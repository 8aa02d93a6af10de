"""The sources survey answers are stored under by default, apart from the VoC service: the CLI
names them when it parses its arguments, before any command runs."""

NPS_SOURCE = "nps_survey"
CSAT_SOURCE = "csat_survey"
