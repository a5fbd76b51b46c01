#pragma once
#include <stddef.h>

// LWS_PRE is a macro Swift does not import: the headroom libwebsockets needs before a payload passed to lws_write.
size_t evm_lws_pre(void);
