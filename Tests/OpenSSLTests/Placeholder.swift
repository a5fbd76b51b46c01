import Testing

// OpenSSL tests: see the issue that builds the module.
