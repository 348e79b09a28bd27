// The mechanism behind a repetition's time (MechanismSample): what the
// kernel and, where perf_event_open allows, the PMU say it did. The runner
// takes a Snapshot before and after each timed run; the model and workload
// code adds what only it can see (lock waits, transfers in flight, bytes
// through pipes) to process-wide counters, and short-lived threads and
// forked children report their run-queue delay before they vanish.
//
// Sources, per figure:
//   cpu, switches, faults  getrusage(RUSAGE_SELF) + getrusage(RUSAGE_CHILDREN):
//                          every thread, live or exited, plus reaped children
//                          (the forking models reap theirs inside run())
//   run_delay              2nd field of schedstat (ns runnable, not running):
//                          the sum over /proc/self/task/* (persistent threads:
//                          main, pool, OpenMP, TBB, servers) + what exited
//                          threads (ThreadAccount) and forked children
//                          (child_end) reported
//   lock_wait, io, traffic counters below, in a MAP_SHARED page mapped before
//                          main(), so forked children add to the same ones
//   cycles, instructions,  perf_event_open, user space only, inherit=1 from
//   llc_misses             the thread that built the Probe: every thread and
//                          child started after it counts, live or exited
//   ranks' cpu, switches,  what each mpi worker rank measured of itself (its
//   faults, run delay      own Probe) and sent with its results (RankUsage)
//   machine busy           /proc/stat's busy time of the whole machine (steal
//                          included); less the cpu above, what other programs
//                          and the hypervisor took while the run ran
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "concur/result.hpp"

namespace concur::mechanism {

// What a repetition has, declared by the code that sets it up. A figure
// whose channel nobody declared during the repetition stays empty (the cell
// has no lock, no transfer, no pipe); a declared one is measured, zero when
// nothing waited.
enum class Channel : unsigned {
  lock,     // a lock that can be waited on: the gil, contention_mutex's mutex
  io,       // network transfers (download)
  traffic,  // bytes between processes: pipes (processes), messages (mpi)
  // Workers in processes this one neither reaps nor reads (mpi ranks): their
  // CPU, switches, faults and run delay come from their own RankUsage
  // reports; PMU counts stay empty. With no report, the figures are this
  // process's alone (MechanismSample::workers_not_counted).
  workers_elsewhere,
  count_
};
void declare(Channel) noexcept;

// What a worker rank in another process (mpi) did during a run, measured by
// itself and sent to the coordinator with each range's results: the totals
// since the run's first task. Fixed-size and trivially copyable: it travels
// as raw bytes in the kResult message.
struct RankUsage {
  std::uint64_t user_us = 0, system_us = 0;
  std::uint64_t voluntary_switches = 0, involuntary_switches = 0;
  std::uint64_t minor_faults = 0, major_faults = 0;
  std::uint64_t run_delay_ns = 0;
  std::uint64_t run_delay_known = 0;  // 1 when the rank could read its schedstat
};
static_assert(std::is_trivially_copyable_v<RankUsage>);
// A rank's final usage for one run, added to the run's figures once.
void add_rank_usage(const RankUsage& usage) noexcept;

// Time a thread waited for a lock it found taken. Call only on the
// contended path (after a failed try_lock): the uncontended one stays free.
void add_lock_wait(std::chrono::nanoseconds waited) noexcept;
// One transfer's time in flight, from request start to completion.
void add_io_in_flight(std::chrono::microseconds in_flight) noexcept;
// Bytes written into a pipe or sent/received as a message.
void add_traffic(std::uint64_t bytes) noexcept;

// The first thing on a thread that starts and ends inside a timed run
// (threads, gil, pipeline stages). When it goes, the thread's run-queue
// delay (/proc/thread-self/schedstat) is added to the process-wide total
// and its task is left out of the live sum from then on, so it counts once
// even in the instant after join() when the kernel still lists it. The
// kernel starts a new task's delay at 0 (sched_fork), so the wait before its
// first run counts too.
class ThreadAccount {
 public:
  ThreadAccount() = default;
  ~ThreadAccount();
  ThreadAccount(const ThreadAccount&) = delete;
  ThreadAccount& operator=(const ThreadAccount&) = delete;
};

// In a forked child, right before _exit(): adds its run-queue delay since
// fork() (the kernel starts it at 0) to the total the parent reads. Only
// raw system calls, no allocation: safe in the child of a multithreaded
// parent.
void child_end() noexcept;

// Run-queue delay in ns of one task (the 2nd field of its schedstat file),
// empty when the file cannot be read. Exposed for tests.
std::optional<std::uint64_t> read_run_delay_ns(const char* schedstat_path) noexcept;

// Where the figures come from; tests point them elsewhere.
struct Sources {
  std::string proc_self = "/proc/self";  // <proc_self>/task/<tid>/schedstat
  std::string proc_stat = "/proc/stat";  // the machine's CPU time, for others' share
  bool pmu = true;                       // try perf_event_open at all
};

// The sum of the busy fields (user nice system irq softirq steal) of the
// "cpu" line of a /proc/stat text, in clock ticks; empty if it has none.
// Exposed for tests.
std::optional<std::uint64_t> busy_ticks_from_stat(const char* text) noexcept;

// Before a timed run: waits (at most `limit`) until no other thread of this
// process is runnable, so that one model's leftovers (OpenMP's and oneTBB's
// workers spin for a while after their region ends) do not take the next
// cell's CPUs. Returns whether it settled. Reads /proc/self/task/*/stat.
bool wait_for_own_threads_to_settle(std::chrono::microseconds limit);

struct Snapshot {
  rusage self{}, children{};
  std::optional<std::uint64_t> run_delay_ns;
  std::array<std::uint64_t, static_cast<std::size_t>(Channel::count_)> declared{};
  std::uint64_t lock_wait_ns = 0, io_in_flight_us = 0, traffic_bytes = 0;
  std::array<std::optional<std::uint64_t>, 3> pmu;  // cycles, instructions, llc misses
  std::optional<std::uint64_t> machine_busy_ticks;  // /proc/stat
  // Sums of what ranks reported (add_rank_usage), and how many reports.
  RankUsage ranks{};
  std::uint64_t rank_reports = 0, rank_reports_without_delay = 0;
};

// One per run: opens the PMU counters (kept open, read per snapshot) and
// checks once whether schedstat can be read. Build it before the threads it
// should count (perf's inherit covers only tasks started after the open).
class Probe {
 public:
  explicit Probe(Sources sources = {});
  ~Probe();
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  bool schedstat_available() const { return schedstat_; }
  bool machine_cpu_available() const { return machine_stat_; }
  bool pmu_available() const;  // at least one counter opened

  Snapshot take() const;

 private:
  std::optional<std::uint64_t> live_run_delay_ns() const;
  std::optional<std::uint64_t> read_pmu(int fd) const;

  std::optional<std::uint64_t> machine_busy_ticks() const;

  Sources sources_;
  bool schedstat_ = false;
  bool machine_stat_ = false;
  std::array<int, 3> pmu_fds_{-1, -1, -1};
};

// What happened between two snapshots.
MechanismSample between(const Snapshot& before, const Snapshot& after);

// A rank's own usage between two snapshots of its Probe.
RankUsage rank_usage_between(const Snapshot& before, const Snapshot& after);

// Adds `more` into `total` (an optional stays present only if both are),
// and divides every figure by `runs`: a repetition of several iterations
// (--min-time) reports one run's worth, as real_seconds does.
void accumulate(MechanismSample& total, const MechanismSample& more);
MechanismSample per_run(const MechanismSample& total, std::uint64_t runs);

}  // namespace concur::mechanism
