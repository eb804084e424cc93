"""Who may do what: accounts, roles, scopes, the audit log, serving and download checks."""
