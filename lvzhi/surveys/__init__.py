"""Surveys (问卷): questionnaires, respondent groups per campaign, single-use invitations, anonymous answers,
results that feed a campaign's survey indicators (docs/surveys.md)."""
