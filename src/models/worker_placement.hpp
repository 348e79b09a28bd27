// --pin: each worker on a CPU of its own, so the scheduler cannot stack two
// workers on one core or move them mid-run. Worker i goes to the i-th CPU
// the process may use (wrapping when there are more workers than CPUs).
#pragma once

#include <vector>

namespace concur {

class WorkerPlacement {
 public:
  // Reads the process's CPUs now, on the calling (unpinned) thread.
  explicit WorkerPlacement(bool pin);
  // Pins the calling thread (and a forked child with it) for `worker`; a
  // no-op without --pin or where the kernel refuses (a container's cpuset).
  void place(unsigned worker) const;
  bool pinning() const { return !cpus_.empty(); }

 private:
  std::vector<unsigned> cpus_;  // empty: not pinning
};

}  // namespace concur
