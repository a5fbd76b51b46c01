// The LibWebSockets wrapper: see its issue.
