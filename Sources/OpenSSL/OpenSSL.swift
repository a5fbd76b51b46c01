// The OpenSSL wrapper: see its issue.
