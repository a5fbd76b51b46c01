import Testing

// Hiredis tests: see the issue that builds the module.
