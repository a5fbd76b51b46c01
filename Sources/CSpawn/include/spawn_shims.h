#pragma once
#include <spawn.h>

// glibc's GNU extensions to posix_spawn, declared only under _GNU_SOURCE, which Swift's Glibc module is built
// without. Both return 0 or an errno value, like the posix_spawn_file_actions_add* functions.

// Closes every descriptor >= `from` in the child: the parent's sockets and pipes must not leak into it.
int evm_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);

// Changes the child's working directory before it executes the program.
int evm_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);
