#pragma once
#include <curl/curl.h>

// curl_easy_setopt / curl_multi_setopt / curl_easy_getinfo are variadic; one typed shim per argument type.
CURLcode evm_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode evm_curl_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode evm_curl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLMcode evm_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);
CURLcode evm_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode evm_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode evm_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode evm_curl_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode evm_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

// Callback setters: a function pointer passed through the variadic setopt needs its exact C type.
CURLcode evm_curl_easy_set_write_function(CURL *handle, curl_write_callback callback);
CURLcode evm_curl_easy_set_header_function(CURL *handle, curl_write_callback callback);
CURLcode evm_curl_easy_set_opensocket_function(CURL *handle, curl_opensocket_callback callback);

// The address curl is about to connect to, from the `curl_sockaddr` its open-socket callback receives.
// Copies the raw address (4 bytes for AF_INET, 16 for AF_INET6) into `bytes` and returns its length; returns 0 for
// any other family. Done in C because the storage behind `curl_sockaddr.addr` is larger than `struct sockaddr`.
int evm_curl_sockaddr_bytes(const struct curl_sockaddr *address, unsigned char bytes[16]);

// The CURLcode of a finished transfer: `CURLMsg.data` is a union.
CURLcode evm_curl_msg_result(const CURLMsg *message);
