"""Real peers that tests start on the loopback interface (SMTP, ...)."""
