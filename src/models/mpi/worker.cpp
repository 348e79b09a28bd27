// A worker rank: says hello (pid, host), then serves the coordinator until
// told to quit. It builds the cell's workload from the registry by name, so
// workloads never learn that MPI exists.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "concur/interrupt.hpp"
#include "core/workload_maker.hpp"
#include "models/mpi/entry.hpp"
#include "models/mpi/protocol.hpp"
#include "models/mpi/session.hpp"
#include "models/run_task.hpp"

namespace concur::mpi {
namespace {

// Lets a quit from the coordinator (Ctrl-C there) stop a long task half-way:
// every ~20 ms of a task's checkpoints, probe for kQuit. Thrown as a
// non-std type; run_task_safely turns it into a failed result, which the
// worker then does not send.
class QuitWatch final : public TaskHooks {
 public:
  explicit QuitWatch(MPI_Comm comm) : comm_(comm) {}
  struct QuitRequested {};

  void checkpoint() override {
    if (++calls_ % 1024 != 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_probe_ < std::chrono::milliseconds(20)) return;
    last_probe_ = now;
    int quit = 0;
    MPI_Iprobe(0, kQuit, comm_, &quit, MPI_STATUS_IGNORE);
    if (quit) {
      quit_seen_ = true;
      throw QuitRequested{};
    }
  }
  void enter_io() override {}
  void leave_io() override {}
  bool quit_seen() const { return quit_seen_; }

 private:
  MPI_Comm comm_;
  std::uint64_t calls_ = 0;
  std::chrono::steady_clock::time_point last_probe_{};
  bool quit_seen_ = false;
};

// Keeps the workload of the current cell; rebuilt only when the cell changes.
class WorkerState {
 public:
  std::string prepare(const std::string& cell) {
    if (cell == cell_ && workload_) return {};
    workload_.reset();
    cell_.clear();
    try {
      std::string name;
      Options options;
      decode_cell(cell, name, options);
      workload_ = make_workload_by_name(name, options);
      workload_->before_run();
      cell_ = cell;
      return {};
    } catch (const std::exception& e) {
      workload_.reset();
      return e.what();
    }
  }

  TaskResult run(std::uint64_t index, TaskHooks& hooks) {
    if (!workload_ || index >= workload_->task_count())
      return TaskResult::failure("worker rank has no such task");
    TaskContext context(&hooks);
    return run_task_safely(*workload_, index, context);
  }

  // Fresh state for the next run, while the coordinator is not timing.
  void finish_run() {
    try {
      if (workload_) workload_->before_run();
    } catch (const std::exception&) {
      workload_.reset();  // the next kPrepare rebuilds it and reports why
      cell_.clear();
    }
  }

 private:
  std::string cell_;
  std::unique_ptr<Workload> workload_;
};

}  // namespace

int serve_coordinator(MPI_Comm comm) {
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
  Hello hello;
  hello.pid = ::getpid();
  ::gethostname(hello.host, sizeof hello.host - 1);
  if (MPI_Send(&hello, sizeof hello, MPI_BYTE, 0, kHello, comm) != MPI_SUCCESS) return 1;

  WorkerState state;
  QuitWatch quit_watch(comm);
  // The rank's own CPU, switches and run delay, sent with each range's
  // results as totals since the run's first task (the coordinator keeps
  // the last): rank 0 can neither reap nor read this process.
  const mechanism::Probe probe(mechanism::Sources{.pmu = false});
  std::optional<mechanism::Snapshot> run_start;
  // Microseconds between probes, at most; both sleeps end on a wake-up.
  Backoff idle(kIdleSleepLimitUs, 50, /*wakeable=*/true), armed(200, 50, /*wakeable=*/true);
  bool in_run = false;
  for (;;) {
    int flag = 0;
    MPI_Status status;
    if (MPI_Iprobe(0, MPI_ANY_TAG, comm, &flag, &status) != MPI_SUCCESS) return 1;
    if (!flag) {
      (in_run ? armed : idle).pause();
      continue;
    }
    idle.reset();
    armed.reset();
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    std::string bytes(static_cast<std::size_t>(count), '\0');
    if (MPI_Recv(bytes.data(), count, MPI_BYTE, 0, status.MPI_TAG, comm, MPI_STATUS_IGNORE) !=
        MPI_SUCCESS)
      return 1;
    switch (status.MPI_TAG) {
      case kPrepare: {
        std::string error = state.prepare(bytes);
        if (MPI_Send(error.data(), static_cast<int>(error.size()), MPI_BYTE, 0, kReady, comm) !=
            MPI_SUCCESS)
          return 1;
        in_run = true;
        break;
      }
      case kTask: {
        TaskRange range;
        if (bytes.size() != sizeof range) return 1;
        std::memcpy(&range, bytes.data(), sizeof range);
        if (range.count > kMaxRangeTasks) return 1;
        if (!run_start) run_start = probe.take();
        std::vector<TaskResult> results;
        results.reserve(range.count);
        for (std::uint64_t i = 0; i < range.count; ++i) {
          // A quit overtakes queued ranges and the rest of this one (Ctrl-C
          // on the coordinator): MPI matches by tag, so it is seen here
          // before the ranges queued ahead of it.
          int quit = 0;
          MPI_Iprobe(0, kQuit, comm, &quit, MPI_STATUS_IGNORE);
          if (quit) return 0;
          results.push_back(state.run(range.first + i, quit_watch));
          if (quit_watch.quit_seen()) return 0;
        }
        const std::string message =
            encode_results(range, mechanism::rank_usage_between(*run_start, probe.take()), results);
        if (MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, kResult, comm) !=
            MPI_SUCCESS)
          return 1;
        break;
      }
      case kDone:
        in_run = false;
        run_start.reset();
        state.finish_run();
        break;
      case kQuit:
        return 0;
      default:
        break;
    }
  }
}

// Spawned by the coordinator: a child job with the coordinator as its parent.
int spawned_worker_main(int argc, char** argv) {
  // Ctrl-C (the terminal's, or the coordinator's nudge after its own) only
  // raises the interrupt flag: a workload being built (a gold answer of
  // seconds) or a task in hand stops early, and the rank still ends on
  // kQuit, so Open MPI sees no crash. SIGTERM and SIGHUP keep their default:
  // Open MPI's daemon ends ranks with them when the job is torn down.
  install_interrupt_handlers();
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
  block_wake_signal();  // before MPI_Init's threads start
  if (MPI_Init(&argc, &argv) != MPI_SUCCESS) return 1;
  MPI_Comm parent = MPI_COMM_NULL;
  MPI_Comm_get_parent(&parent);
  if (parent == MPI_COMM_NULL) {
    MPI_Finalize();
    return 2;
  }
  int code = serve_coordinator(parent);
  if (code == 0) MPI_Comm_disconnect(&parent);
  MPI_Finalize();
  return code;
}

}  // namespace concur::mpi
