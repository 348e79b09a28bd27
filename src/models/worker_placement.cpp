#include "models/worker_placement.hpp"

#include <pthread.h>
#include <sched.h>

#include "concur/machine.hpp"

namespace concur {

WorkerPlacement::WorkerPlacement(bool pin) {
  if (pin) cpus_ = machine_state().affinity;
}

void WorkerPlacement::place(unsigned worker) const {
  if (cpus_.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpus_[worker % cpus_.size()], &set);
  // Best effort: a refused pin leaves the worker where the scheduler put it.
  (void)pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

}  // namespace concur
