// Typed entry points for the C functions Swift cannot call: variadic functions and macros.
// One header per library; every symbol is prefixed `evm_`.
#pragma once
#include "curl_shims.h"
#include "lws_shims.h"
