"""The analytics app's writes: each checks who acts, changes the database in one
transaction and records the change in the audit log."""
