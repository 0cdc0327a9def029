/*
 * Native yardstick for `cdnsim bench hold --native BIN`: the hold model on a binary heap.
 * Keep PENDING events; OPS times pop the earliest and push one at now + Exp(1). Equal times
 * leave in insertion order (the same (time, seq) rule as cdnsim's event list), so the work
 * matches what the engines do.
 *
 *   cc -O2 -o hold src/bench/native/hold.c -lm
 *   ./hold PENDING OPS      prints "ops_per_second final_clock"
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double *when;
static uint64_t *order;
static long size;

/* splitmix64: any decent generator will do; only the heap's speed is measured. */
static uint64_t state = 42;
static double uniform01(void) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return (double)(z >> 11) / 9007199254740992.0;
}

static int earlier(double t1, uint64_t s1, double t2, uint64_t s2) { return t1 < t2 || (t1 == t2 && s1 < s2); }

static void push(double t, uint64_t s) {
  long i = size++;
  while (i > 0) {
    long parent = (i - 1) >> 1;
    if (!earlier(t, s, when[parent], order[parent])) break;
    when[i] = when[parent];
    order[i] = order[parent];
    i = parent;
  }
  when[i] = t;
  order[i] = s;
}

static double pop(void) {
  double top = when[0];
  double t = when[--size];
  uint64_t s = order[size];
  long i = 0;
  for (;;) {
    long child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && earlier(when[child + 1], order[child + 1], when[child], order[child])) child++;
    if (!earlier(when[child], order[child], t, s)) break;
    when[i] = when[child];
    order[i] = order[child];
    i = child;
  }
  when[i] = t;
  order[i] = s;
  return top;
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  long pending = argc > 1 ? atol(argv[1]) : 100000;
  long ops = argc > 2 ? atol(argv[2]) : 10000000;
  if (pending < 1 || ops < 1) {
    fprintf(stderr, "usage: hold PENDING OPS\n");
    return 2;
  }
  when = malloc(sizeof(double) * (pending + 1));
  order = malloc(sizeof(uint64_t) * (pending + 1));
  uint64_t seq = 0;
  for (long i = 0; i < pending; i++) push(-log(1.0 - uniform01()), seq++);
  double now = 0, start = seconds();
  for (long k = 0; k < ops; k++) {
    now = pop();
    push(now - log(1.0 - uniform01()), seq++);
  }
  double elapsed = seconds() - start;
  printf("%.0f %.6f\n", ops / elapsed, now);
  return 0;
}
