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

// Open MPI's session directories of this run go under a folder of its own,
// <TMPDIR or /tmp>/concur-mpi.<pid> (made here, mode 0700), so nothing is
// left in the shared ompi.<host>.<uid>: remove_session_base() removes it
// at the end, and a run killed before its end (kill -9) has its folder
// removed by the next run that starts ranks (its pid is gone).
std::string make_session_base();
void remove_session_base();  // the one make_session_base() made, if any

// Open MPI starts its daemon on another host through ssh, and when ssh fails
// (refused, no route, no key) it waits for that daemon forever. So the
// coordinator names this program as the launcher: use_launch_agent() sets
// Open MPI's plm_rsh_agent to `<this program> --mpi-launch-agent`, unless
// the user chose a launcher, and launch_agent_main() runs the real ssh (or
// rsh), passing signals on; when it fails it writes what failed to a report
// file, which SpawnWatchdog reads to end the wait at once. Call before MPI_Init.
void use_launch_agent();
int launch_agent_main(int argc, char** argv);  // argv: host, then the command

// Throws std::runtime_error when a host of the hostfile does not resolve:
// Open MPI would try it and hang.
void check_hosts_resolve(const std::string& hostfile);

// MPI_Comm_spawn never returns when Open MPI cannot start its daemon on a
// host (ssh fails, no route) and ignores Ctrl-C meanwhile. This thread
// watches it: past the limit, or on Ctrl-C, it ends Open MPI's helper
// processes and the whole program with a clear reason (exit 1 or 130).
class SpawnWatchdog {
 public:
  SpawnWatchdog(unsigned count, const std::string& hostfile) {
    forget_launch_failures();  // of an earlier spawn's daemons: not this one's
    thread_ = std::jthread([count, hostfile](std::stop_token stop) { watch(stop, count, hostfile); });
  }

 private:
  static void forget_launch_failures();
  static void watch(std::stop_token stop, unsigned count, const std::string& hostfile);
  std::jthread thread_;
};

}  // namespace concur::mpi
