/*
 * Native yardstick for `cdnsim bench cache --native BIN`: LRU replay of an oracleGeneral
 * trace (24-byte little-endian records: u32 time, u64 id, u32 size, i64 next access).
 * Same semantics as `cdnsim cache --policy lru`: objects keyed by id, a hit moves the
 * object to the front and ignores a changed size, an object larger than the cache is not
 * admitted, byte misses count the request's size.
 *
 *   cc -O2 -o lru src/bench/native/lru.c
 *   ./lru TRACE SIZE_BYTES    prints "requests misses byte_misses requests_per_second"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RECORD 24
#define NONE (-1)

/* Objects live in slots of parallel arrays; the list runs from head (newest) to tail. */
static uint64_t *ids;
static uint32_t *sizes;
static int32_t *newer, *older;
static int32_t head = NONE, tail = NONE, freeSlot = NONE;

/* Open addressing (linear probing) from id to slot; deletions use backward shift. */
static int32_t *table;
static uint64_t mask;

static uint64_t spread(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

static uint64_t find(uint64_t id) {
  uint64_t i = spread(id) & mask;
  while (table[i] != NONE && ids[table[i]] != id) i = (i + 1) & mask;
  return i;
}

static void forget(uint64_t hole) {
  uint64_t i = hole;
  for (;;) {
    i = (i + 1) & mask;
    if (table[i] == NONE) break;
    uint64_t home = spread(ids[table[i]]) & mask;
    /* Move the entry back into the hole unless its home lies cyclically in (hole, i]. */
    if (((i - home) & mask) >= ((i - hole) & mask)) {
      table[hole] = table[i];
      hole = i;
    }
  }
  table[hole] = NONE;
}

static void unlink_slot(int32_t s) {
  if (newer[s] != NONE) older[newer[s]] = older[s]; else head = older[s];
  if (older[s] != NONE) newer[older[s]] = newer[s]; else tail = newer[s];
}

static void push_front(int32_t s) {
  newer[s] = NONE;
  older[s] = head;
  if (head != NONE) newer[head] = s;
  head = s;
  if (tail == NONE) tail = s;
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: lru TRACE SIZE_BYTES\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  uint64_t capacity = strtoull(argv[2], NULL, 10);
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  long n = bytes / RECORD;
  unsigned char *trace = malloc((size_t)n * RECORD + 1);
  if (fread(trace, RECORD, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "%s: short read\n", argv[1]);
    return 2;
  }
  fclose(f);

  uint64_t buckets = 16;
  while (buckets < (uint64_t)n * 2) buckets <<= 1;
  mask = buckets - 1;
  table = malloc(sizeof(int32_t) * buckets);
  memset(table, 0xff, sizeof(int32_t) * buckets);
  ids = malloc(sizeof(uint64_t) * (size_t)(n + 1));
  sizes = malloc(sizeof(uint32_t) * (size_t)(n + 1));
  newer = malloc(sizeof(int32_t) * (size_t)(n + 1));
  older = malloc(sizeof(int32_t) * (size_t)(n + 1));
  int32_t slots = 0;

  uint64_t used = 0, misses = 0, byteMisses = 0;
  double start = seconds();
  for (long r = 0; r < n; r++) {
    const unsigned char *rec = trace + r * RECORD;
    uint64_t id;
    uint32_t size;
    memcpy(&id, rec + 4, 8);
    memcpy(&size, rec + 12, 4);
    uint64_t at = find(id);
    if (table[at] != NONE) {
      int32_t s = table[at];
      unlink_slot(s);
      push_front(s);
      continue;
    }
    misses++;
    byteMisses += size;
    if (size > capacity) continue;
    while (used + size > capacity) {
      int32_t victim = tail;
      unlink_slot(victim);
      used -= sizes[victim];
      forget(find(ids[victim]));
      older[victim] = freeSlot;
      freeSlot = victim;
    }
    int32_t s;
    if (freeSlot != NONE) {
      s = freeSlot;
      freeSlot = older[s];
    } else {
      s = slots++;
    }
    ids[s] = id;
    sizes[s] = size;
    used += size;
    push_front(s);
    table[find(id)] = s;
  }
  double elapsed = seconds() - start;
  printf("%ld %llu %llu %.0f\n", n, (unsigned long long)misses, (unsigned long long)byteMisses, n / elapsed);
  return 0;
}
