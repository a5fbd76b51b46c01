// The LibPQ wrapper: see its issue.
