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
