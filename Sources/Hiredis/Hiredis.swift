// The Hiredis wrapper: see its issue.
