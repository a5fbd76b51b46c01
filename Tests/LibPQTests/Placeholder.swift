import Testing

// LibPQ tests: see the issue that builds the module.
