// What the coordinator (rank 0) and its worker ranks say to each other, and
// how both wait for it without Open MPI's busy polling.
//
//   coordinator -> worker: kPrepare (JSON: workload name + options),
//                          kTask (uint64 index), kDone (end of a run), kQuit
//   worker -> coordinator: kHello (pid + host, once), kReady (error text,
//                          empty when the workload was built; it is also the
//                          first task request), kResult (index + TaskResult,
//                          which is also the next request)
#pragma once

#include <mpi.h>

#include <cstdint>
#include <string>

#include "concur/options.hpp"
#include "concur/task.hpp"

namespace concur::mpi {

enum Tag : int { kHello = 1, kPrepare, kReady, kTask, kResult, kDone, kQuit };

struct Hello {
  std::int64_t pid = 0;
  char host[256] = {};
};

struct ResultMessage {
  std::uint64_t index = 0;
  TaskResult result;
};
static_assert(std::is_trivially_copyable_v<Hello> &&
              std::is_trivially_copyable_v<ResultMessage>);

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
class Backoff {
 public:
  explicit Backoff(long max_sleep_us, int spin_probes = 50)
      : max_sleep_us_(max_sleep_us), spin_probes_(spin_probes) {}
  void reset() { spins_ = 0, sleep_us_ = 0; }
  void pause();

 private:
  long max_sleep_us_;
  int spin_probes_;
  int spins_ = 0;
  long sleep_us_ = 0;
};

// MPI return codes as text, for error messages.
std::string error_text(int code);

}  // namespace concur::mpi
