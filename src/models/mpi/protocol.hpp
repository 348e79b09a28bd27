// What the coordinator (rank 0) and its worker ranks say to each other, and
// how both wait for it without Open MPI's busy polling.
//
//   coordinator -> worker: kPrepare (JSON: workload name + options),
//                          kTask (a TaskRange: run tasks [first, first+count)),
//                          kDone (end of a run), kQuit
//   worker -> coordinator: kHello (pid + host, once), kReady (error text,
//                          empty when the workload was built), kResult (the
//                          TaskRange, the rank's RankUsage since the run's
//                          first task, then the range's count TaskResults as
//                          raw bytes, in index order)
//
// A farm: rank 0 sends each worker two ranges (guided sizes, see
// range_farm.hpp), and answers each kResult with the worker's next range at
// once, so a worker always holds one range beyond the one it runs and never
// waits a round trip; kDone once it holds none and none is left. MPI keeps
// one sender's messages in order, so a kResult is always for the oldest
// range its worker holds; anything else is a protocol error (rank lost).
#pragma once

#include <mpi.h>
#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "concur/options.hpp"
#include "concur/task.hpp"
#include "core/mechanism.hpp"
#include "models/mpi/range_farm.hpp"

namespace concur::mpi {

enum Tag : int { kHello = 1, kPrepare, kReady, kTask, kResult, kDone, kQuit };

struct Hello {
  std::int64_t pid = 0;
  char host[256] = {};
};

static_assert(std::is_trivially_copyable_v<Hello> && std::is_trivially_copyable_v<TaskRange> &&
              std::is_trivially_copyable_v<TaskResult>);

// The most tasks in one range. A kResult (range + its TaskResults) stays
// under Open MPI's eager limit for shared memory (btl_vader_eager_limit,
// 4 KiB with its headers; TCP's is 64 KiB), so a worker's MPI_Send returns
// at once: a larger message would wait for rank 0, which sleeps between
// probes, to post its receive. 15 tasks of 256-byte results.
inline constexpr std::size_t kEagerBytes = 4096 - 128;
inline constexpr std::uint64_t kMaxRangeTasks =
    (kEagerBytes - sizeof(TaskRange) - sizeof(mechanism::RankUsage)) / sizeof(TaskResult);
static_assert(kMaxRangeTasks >= 8, "TaskResult grew: ranges would be too short to pay");

// A kResult's bytes, and back: false (nothing decoded) unless `bytes` hold a
// range of at most kMaxRangeTasks and a usage, followed by exactly the
// range's count of results.
std::string encode_results(TaskRange range, const mechanism::RankUsage& usage,
                           std::span<const TaskResult> results);
bool decode_results(const std::string& bytes, TaskRange& range, mechanism::RankUsage& usage,
                    std::vector<TaskResult>& results);

// What a worker needs to build the same workload as the coordinator.
std::string encode_cell(const std::string& workload, const Options& options);
void decode_cell(const std::string& text, std::string& workload, Options& options);

// Open MPI's blocking calls spin on the CPU while they wait. On a 2-core
// machine a spinning coordinator or idle worker steals a core from the
// workers, so every wait here probes, spins briefly, then sleeps with a
// growing pause up to `max_sleep_us` (short while a farm runs, longer when
// idle between cells). `spin_probes`: how many probes come before the first
// sleep (none where a late answer costs nothing, as in the farm's
// coordinator, whose ranks have tasks queued).
//
// A worker rank between runs sleeps long (kIdleSleepLimitUs): ten idle ranks
// probing every 5 ms took a fifth of a 2-CPU machine from the other models'
// cells in `all`. The coordinator wakes a rank on its own host with
// kWakeSignal after every message it sends (wake_rank); a rank on another
// host answers within one idle sleep.
class Backoff {
 public:
  // `wakeable`: the sleep ends early on kWakeSignal (a rank that called
  // block_wake_signal() first).
  explicit Backoff(long max_sleep_us, int spin_probes = 50, bool wakeable = false)
      : max_sleep_us_(max_sleep_us), spin_probes_(spin_probes), wakeable_(wakeable) {}
  void reset() { spins_ = 0, sleep_us_ = 0; }
  void pause();

 private:
  long max_sleep_us_;
  int spin_probes_;
  bool wakeable_;
  int spins_ = 0;
  long sleep_us_ = 0;
};

inline constexpr long kIdleSleepLimitUs = 100'000;
// Ignored by default, so a stray one (a rank not yet listening, a pid
// reused) does nothing.
inline constexpr int kWakeSignal = SIGURG;
// In a rank, before MPI_Init (which starts threads that inherit the mask):
// blocks kWakeSignal in every thread and gives it an empty handler, so only
// a wakeable Backoff's sleep (ppoll with it unblocked) receives it. A wake-up
// sent before the sleep stays pending and ends it at once: none is lost.
void block_wake_signal();
// The coordinator: wakes a rank on this host.
void wake_rank(pid_t pid);

// MPI return codes as text, for error messages.
std::string error_text(int code);

}  // namespace concur::mpi
