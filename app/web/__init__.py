"""The web pages for officers, reviewers and admins: server-rendered GOV.UK Frontend, working without JavaScript."""
