// Threads under one global lock, as CPython runs them: a task computes only
// while its thread holds the lock, hands it over at a checkpoint once a
// waiter has waited a switch interval (5 ms by default, --switch-interval),
// and runs its blocking I/O with the lock released. So CPU-bound tasks take
// turns on one core while I/O-bound tasks overlap their waits.
#include <cmath>
#include <deque>
#include <memory>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/model.hpp"
#include <CLI/CLI.hpp>

#include "concur/options.hpp"
#include "models/gil_options.hpp"
#include "concur/plugin.hpp"
#include "core/flag_checks.hpp"
#include "models/gil_lock.hpp"
#include "models/run_task.hpp"

namespace concur {
namespace {

// One worker thread's view of the lock: the hooks its tasks call.
class GilThread final : public TaskHooks {
 public:
  explicit GilThread(GilLock& lock) : lock_(lock) {}

  // Python code runs with the lock held. A worker keeps it from one task to
  // the next (as a CPython pool thread taking the next item from a queue
  // does): a task boundary is not a switch point, only checkpoints and I/O
  // are. It lets go when it finds no task left.
  void begin_task() {
    if (!holding_) take();
  }
  void worker_done() {
    if (holding_) drop();
  }

  void checkpoint() override {
    if (holding_) lock_.checkpoint(waiter_);
  }
  void enter_io() override {
    if (io_depth_++ == 0 && holding_) {
      drop();
      reacquire_after_io_ = true;
    }
  }
  void leave_io() override {
    if (--io_depth_ == 0 && reacquire_after_io_) {
      reacquire_after_io_ = false;
      take();
    }
  }

 private:
  void take() {
    lock_.acquire(waiter_);
    holding_ = true;
  }
  void drop() {
    holding_ = false;
    lock_.release();
  }

  GilLock& lock_;
  GilLock::Waiter waiter_;
  bool holding_ = false;
  bool reacquire_after_io_ = false;
  int io_depth_ = 0;
};

class GilModel final : public Model {
 public:
  GilModel(std::chrono::nanoseconds interval, bool pin) : interval_(interval), placement_(pin) {}

  const ModelInfo& info() const override { return info_; }

  RunOutcome run(Workload& workload, unsigned workers) const override {
    RunOutcome outcome;
    outcome.results.resize(workload.task_count());
    GilLock lock(interval_);
    std::deque<GilThread> threads;  // a deque: hooks never move once made
    for (unsigned w = 0; w < workers; ++w) threads.emplace_back(lock);
    for_each_task_on_threads(
        outcome.results.size(), workers,
        [&](unsigned w, std::size_t i) {
          GilThread& thread = threads[w];
          TaskContext context(&thread);
          thread.begin_task();
          outcome.results[i] = run_task_safely(workload, i, context);
        },
        [&](unsigned w) { threads[w].worker_done(); }, placement_);
    return outcome;
  }

 private:
  std::chrono::nanoseconds interval_;
  WorkerPlacement placement_;
  ModelInfo info_{.name = "gil",
                  .description = "threads under one global lock (CPython's GIL): handed over every "
                                 "switch interval, released during I/O",
                  .starts_a_thread_per_worker = true};
};

}  // namespace

void describe_gil_model(PluginTraits& traits) {
  traits.add_flags = [](CLI::App& command, Options& options) {
    command.add_option("--switch-interval", options.plugins.get<GilOptions>().switch_interval_ms,
                       "gil: milliseconds a thread may keep the lock once another asks (CPython's "
                       "default: 5)")
        ->type_name("MS")
        ->check(finite_range(0.001, 60000));
  };
}

std::unique_ptr<Model> make_gil_model(const Options& options) {
  const double ms = options.plugins.get<GilOptions>().switch_interval_ms;
  if (!std::isfinite(ms) || ms <= 0 || ms > 60'000)
    throw UsageError(fmt::format(
        "--switch-interval {}: give more than 0 and at most 60000 milliseconds (CPython's default: 5)",
        ms));
  return std::make_unique<GilModel>(std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double, std::milli>(ms)), options.pin);
}

}  // namespace concur
