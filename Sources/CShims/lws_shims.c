#include <libwebsockets.h>
#include "lws_shims.h"

size_t evm_lws_pre(void) { return LWS_PRE; }
