import Testing

// LibWebSockets tests: see the issue that builds the module.
