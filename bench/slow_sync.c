/*
 * LD_PRELOAD shim for the benchmarks: every fsync/fdatasync waits SLOWSYNC_US microseconds
 * (default 3000) after the real call, emulating a disk whose sync takes ~3 ms (the VM of the
 * research notes measured ~330 durable Deno KV commits/s; this VM's disk does ~5,000).
 * Built by bench/lib/slow_sync.ts with `gcc -O2 -shared -fPIC`.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>
static useconds_t delay(void) { const char *v = getenv("SLOWSYNC_US"); return v ? (useconds_t)atoi(v) : 3000; }
int fsync(int fd) { static int (*real)(int); if (!real) real = dlsym(RTLD_NEXT, "fsync"); int r = real(fd); usleep(delay()); return r; }
int fdatasync(int fd) { static int (*real)(int); if (!real) real = dlsym(RTLD_NEXT, "fdatasync"); int r = real(fd); usleep(delay()); return r; }
