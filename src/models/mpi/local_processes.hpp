// The processes around the coordinator on this host: Open MPI's helper
// daemon (our child) and the worker ranks it starts. What the mpi model
// needs to leave nothing running and to never wait on Open MPI forever.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace concur::mpi {

using Clock = std::chrono::steady_clock;

// The deadlines of the coordinator and of its cleanup are in seconds.
inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Whether a process on this host is still running (a zombie is not).
bool local_process_alive(long pid);

// Direct children of this process (found through /proc).
std::vector<pid_t> own_children();

// Open MPI's daemon and whatever it left: asked to end through its watch
// pipe, killed if still there after two seconds, reaped.
void end_children();

// Throws std::runtime_error when a host of the hostfile does not resolve:
// Open MPI would try it and hang.
void check_hosts_resolve(const std::string& hostfile);

// MPI_Comm_spawn never returns when Open MPI cannot start its daemon on a
// host (ssh fails, no route) and ignores Ctrl-C meanwhile. This thread
// watches it: past the limit, or on Ctrl-C, it ends Open MPI's helper
// processes and the whole program with a clear reason (exit 1 or 130).
class SpawnWatchdog {
 public:
  SpawnWatchdog(unsigned count, const std::string& hostfile)
      : thread_([count, hostfile](std::stop_token stop) { watch(stop, count, hostfile); }) {}

 private:
  static void watch(std::stop_token stop, unsigned count, const std::string& hostfile);
  std::jthread thread_;
};

}  // namespace concur::mpi
