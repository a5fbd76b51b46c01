import Testing

// ChainKit tests: see the issue that builds the module.
