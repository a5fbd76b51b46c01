import Testing

// Curl tests: see the issue that builds the module.
