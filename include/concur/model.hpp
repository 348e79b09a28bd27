// A model is *how* tasks run: sequentially, on threads, in processes...
// It knows nothing of primes or images.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "concur/result.hpp"
#include "concur/workload.hpp"

namespace concur {

struct Availability {
  bool ok = true;
  std::string reason;  // why not, when !ok
  static Availability yes() { return {}; }
  static Availability no(std::string why) { return {false, std::move(why)}; }
};

struct ModelInfo {
  std::string name;         // "threads"
  std::string description;  // one line for `list`
  // Speedup / workers is meaningful: CPU workers that could each run a task
  // in parallel. False for async (concurrency, not cores) and cuda.
  bool has_efficiency = true;
  // Runs with one worker whatever is asked (sequential).
  bool single_worker = false;
  // Every speedup is this model's time over the cell's (sequential only).
  bool speedup_baseline = false;
  // Its runtime library is not TSan-instrumented (libgomp): ThreadSanitizer
  // would report that library's own synchronisation as races.
  bool runtime_hidden_from_tsan = false;
  // Starts and joins its worker threads inside every timed run (threads):
  // the spawn cost the report measures once beside the cells.
  bool spawns_threads_per_run = false;
  // Starts its threads once, untimed, and only wakes them in a run (pool):
  // the other side of that spawn-cost comparison.
  bool keeps_threads_between_runs = false;
  // Runs a thread per worker (threads, pool, gil, openmp, tbb). The runner
  // checks that many can start before the cell's first run: a runtime that
  // cannot start one aborts the process (oneTBB) or crashes (libgomp), and
  // the cell must fail instead, with the others going on.
  bool starts_a_thread_per_worker = false;
};

struct RunOutcome {
  std::vector<TaskResult> results;  // one per task, or one pre-combined total
  std::string error;                // the model itself failed (child crashed)
  std::optional<double> kernel_seconds;  // device-only time (cuda)
  std::string workers_label;             // shown instead of the count (cuda)
  std::vector<HostRanks> placement;       // workers per host, for the report (mpi)
};

// Models are cheap to construct (the registry makes one to read its info);
// expensive set-up belongs in availability() or outside the timer.
class Model {
 public:
  virtual ~Model() = default;
  virtual const ModelInfo& info() const = 0;
  // Built in and usable on this machine (cuda: compiler, driver, device).
  virtual Availability availability() const { return Availability::yes(); }
  // Can run this workload (async needs non-blocking I/O from the workload).
  virtual Availability supports(const Workload&) const {
    return Availability::yes();
  }
  // Called outside the timer before each timed (and warm-up) run with the
  // cell's workload and worker count: one-time set-up that is not the
  // model's per-run cost (the pool starts its threads, the mpi model starts
  // or wakes its ranks and has them build the workload). Throws on failure.
  virtual void prepare(const Workload& /*workload*/, unsigned /*workers*/) const {}
  // Runs every task of `workload` on `workers` workers. Blocking. Reports a
  // model failure in RunOutcome::error, never by throwing past its caller.
  virtual RunOutcome run(Workload& workload, unsigned workers) const = 0;
};

}  // namespace concur
