import Testing

// Store tests: see the issue that builds the module.
