// The Curl wrapper: see its issue.
