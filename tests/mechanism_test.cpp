// The mechanism behind a repetition's time (core/mechanism), measured for
// real: busy and sleeping threads, threads crowded onto one CPU (run-queue
// delay, also for threads that exit and for forked children), lock waits,
// pipe traffic, transfers in flight, the paths where a source is missing,
// and the samples through the runner into JSON and back.
#include "core/mechanism.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "concur/registry.hpp"
#include "concur/report.hpp"
#include "concur/runner.hpp"
#include "concur/task.hpp"
#include "report/compare.hpp"
#include "report_fixture.hpp"
#include "temp_dir.hpp"
#include "workloads/download/download_options.hpp"

namespace concur {
namespace {

using namespace std::chrono_literals;
namespace mech = mechanism;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Spins until this thread has had `seconds` of CPU, however long that takes.
void spin_for_cpu(double seconds) {
  const double until = thread_cpu_seconds() + seconds;
  while (thread_cpu_seconds() < until) {
  }
}

void spin_for_wall(std::chrono::steady_clock::duration wall) {
  const auto until = std::chrono::steady_clock::now() + wall;
  while (std::chrono::steady_clock::now() < until) {
  }
}

// One CPU this process may run on: the crowding tests put every thread there.
int allowed_cpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) return cpu;
  return 0;
}

void pin_calling_thread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  ASSERT_EQ(sched_setaffinity(0, sizeof set, &set), 0);  // 0: the calling thread
}

const mech::Probe& probe() {
  static const mech::Probe p;
  return p;
}

// Run delay per CPU second: ~0 for a thread alone on a CPU, ~3 for four
// threads sharing one (each waits while the three others run).
double delay_per_cpu(const MechanismSample& m) {
  EXPECT_TRUE(m.run_delay_seconds.has_value());
  EXPECT_GT(m.cpu_seconds, 0.0);
  return m.run_delay_seconds.value_or(0) / std::max(m.cpu_seconds, 1e-9);
}

constexpr double kCpuEach = 0.05;  // seconds of CPU each crowded thread needs

// `threads` short-lived threads (as the threads model's), each with a
// ThreadAccount, all on one CPU.
MechanismSample crowd_exiting_threads(unsigned threads) {
  const int cpu = allowed_cpu();
  const mech::Snapshot before = probe().take();
  std::vector<std::thread> crowd;
  for (unsigned t = 0; t < threads; ++t)
    crowd.emplace_back([cpu] {
      const mech::ThreadAccount account;
      pin_calling_thread(cpu);
      spin_for_cpu(kCpuEach);
    });
  for (auto& t : crowd) t.join();
  return mech::between(before, probe().take());
}

TEST(Mechanism, CpuTimeCountsEveryThreadIncludingExitedOnes) {
  const mech::Snapshot before = probe().take();
  const auto start = std::chrono::steady_clock::now();
  std::atomic<double> threads_cpu{0};
  std::vector<std::thread> busy;
  for (int t = 0; t < 2; ++t)
    busy.emplace_back([&] {
      spin_for_wall(300ms);
      double seen = threads_cpu.load();
      while (!threads_cpu.compare_exchange_weak(seen, seen + thread_cpu_seconds())) {
      }
    });
  for (auto& t : busy) t.join();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const MechanismSample m = mech::between(before, probe().take());
  // The threads' own clocks are the reference, whatever else loads the
  // machine; getrusage ticks are coarser, hence the slack.
  EXPECT_GE(m.cpu_seconds, threads_cpu * 0.9 - 0.01);
  EXPECT_LE(m.cpu_seconds, threads_cpu * 1.1 + 0.05);
  EXPECT_NEAR(m.cpu_seconds, m.user_seconds + m.system_seconds, 1e-9);
  EXPECT_LE(m.cpu_seconds, 2 * wall * 1.1 + 0.02) << "two threads use at most two CPUs";
  // Where each thread had a CPU to itself, the CPU time is twice the wall.
  if (threads_cpu > 2 * wall * 0.9) {
    EXPECT_NEAR(m.cpu_seconds / wall, 2.0, 0.4);
  }
}

TEST(Mechanism, SleepingIsVoluntarySwitchesNotCpu) {
  const mech::Snapshot before = probe().take();
  const auto start = std::chrono::steady_clock::now();
  std::thread([] {
    for (int i = 0; i < 10; ++i) std::this_thread::sleep_for(20ms);
  }).join();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const MechanismSample m = mech::between(before, probe().take());
  EXPECT_GE(m.voluntary_switches, 10u) << "each sleep blocks once";
  EXPECT_LT(m.cpu_seconds, 0.1 * wall);
  EXPECT_GE(wall, 0.2);
}

// Crowding one CPU with 4 busy tasks must make each wait clearly longer per
// CPU-second than one task alone. Other programs on a shared machine delay
// the lone task too, so up to three tries: one clear separation proves it.
// Returns the crowded sample of the last try.
template <class Crowd>
MechanismSample expect_crowding_waits_longer(Crowd crowd) {
  std::string tries;
  MechanismSample crowded;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const MechanismSample alone = crowd(1);
    crowded = crowd(4);
    if (delay_per_cpu(crowded) > delay_per_cpu(alone) + 1.5 && delay_per_cpu(alone) < delay_per_cpu(crowded) / 2)
      return crowded;
    tries += fmt::format(" alone {:.3f} s, crowded {:.3f} s;", alone.run_delay_seconds.value_or(-1),
                         crowded.run_delay_seconds.value_or(-1));
  }
  ADD_FAILURE() << "four busy tasks on one CPU did not wait clearly longer than one:" << tries;
  return crowded;
}

TEST(Mechanism, RunDelayOfExitedThreadsGrowsWhenTheyCrowdOneCpu) {
  if (!probe().schedstat_available()) GTEST_SKIP() << "no /proc/self/task/*/schedstat here";
  const MechanismSample crowded = expect_crowding_waits_longer(crowd_exiting_threads);
  EXPECT_GE(crowded.cpu_seconds, 4 * kCpuEach * 0.8);
}

TEST(Mechanism, RunDelayOfLiveThreadsIsReadFromProc) {
  if (!probe().schedstat_available()) GTEST_SKIP() << "no /proc/self/task/*/schedstat here";
  const int cpu = allowed_cpu();
  // Threads that live across both snapshots, as a pool's do: no
  // ThreadAccount, only /proc/self/task sees them.
  auto crowd = [cpu](unsigned threads) {
    std::latch pinned(threads), go(1), spun(threads), leave(1);
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t)
      workers.emplace_back([&] {
        pin_calling_thread(cpu);
        pinned.count_down();
        go.wait();
        spin_for_cpu(kCpuEach);
        spun.count_down();
        leave.wait();
      });
    pinned.wait();
    const mech::Snapshot before = probe().take();
    go.count_down();
    spun.wait();
    const MechanismSample m = mech::between(before, probe().take());
    leave.count_down();
    for (auto& t : workers) t.join();
    return m;
  };
  expect_crowding_waits_longer(crowd);
}

TEST(Mechanism, ForkedChildrenReportTheirRunDelayAndCpu) {
  if (!probe().schedstat_available()) GTEST_SKIP() << "no /proc/self/task/*/schedstat here";
  const int cpu = allowed_cpu();
  auto crowd = [cpu](int children) {
    const mech::Snapshot before = probe().take();
    std::vector<pid_t> pids;
    for (int c = 0; c < children; ++c) {
      const pid_t pid = fork();
      if (pid == 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        sched_setaffinity(0, sizeof set, &set);
        spin_for_cpu(kCpuEach);
        mech::child_end();
        _exit(0);
      }
      pids.push_back(pid);
    }
    for (pid_t pid : pids) {
      int status = 0;
      EXPECT_EQ(waitpid(pid, &status, 0), pid);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    return mech::between(before, probe().take());
  };
  const MechanismSample crowded = expect_crowding_waits_longer(crowd);
  EXPECT_GE(crowded.cpu_seconds, 4 * kCpuEach * 0.8) << "reaped children count (RUSAGE_CHILDREN)";
}

TEST(Mechanism, ChannelsAreMeasuredOnlyWhereDeclaredAlsoFromChildren) {
  {
    const mech::Snapshot before = probe().take();
    mech::add_lock_wait(5ms);  // a wait nobody declared a lock for: not this cell's
    const MechanismSample m = mech::between(before, probe().take());
    EXPECT_FALSE(m.lock_wait_seconds);
    EXPECT_FALSE(m.io_wait_seconds);
    EXPECT_FALSE(m.traffic_bytes);
    EXPECT_FALSE(m.workers_not_counted);
  }
  const mech::Snapshot before = probe().take();
  mech::declare(mech::Channel::io);
  const pid_t pid = fork();
  if (pid == 0) {  // a forked worker: its figures travel through the shared page
    mech::declare(mech::Channel::lock);
    mech::declare(mech::Channel::traffic);
    mech::add_lock_wait(20ms);
    mech::add_traffic(4096);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  mech::add_io_in_flight(30ms);
  const MechanismSample m = mech::between(before, probe().take());
  ASSERT_TRUE(m.lock_wait_seconds);
  EXPECT_NEAR(*m.lock_wait_seconds, 0.020, 1e-9);
  ASSERT_TRUE(m.traffic_bytes);
  EXPECT_EQ(*m.traffic_bytes, 4096u);
  ASSERT_TRUE(m.io_wait_seconds);
  EXPECT_NEAR(*m.io_wait_seconds, 0.030, 1e-9);
}

TEST(Mechanism, WorkersElsewhereWithoutAReportLeaveTheirFiguresUncounted) {
  const mech::Snapshot before = probe().take();
  mech::declare(mech::Channel::workers_elsewhere);
  const MechanismSample m = mech::between(before, probe().take());
  EXPECT_TRUE(m.workers_not_counted);
  EXPECT_FALSE(m.run_delay_seconds);
  EXPECT_FALSE(m.cycles);
}

TEST(Mechanism, RanksReportsAddTheirCpuSwitchesAndRunDelay) {
  const mech::Snapshot before = probe().take();
  mech::declare(mech::Channel::workers_elsewhere);
  mech::RankUsage usage;
  usage.user_us = 1'500'000, usage.system_us = 250'000;
  usage.voluntary_switches = 1000, usage.involuntary_switches = 30;
  usage.minor_faults = 5;
  usage.run_delay_ns = 400'000'000, usage.run_delay_known = 1;
  mech::add_rank_usage(usage);
  mech::add_rank_usage(usage);  // two ranks
  const MechanismSample m = mech::between(before, probe().take());
  EXPECT_FALSE(m.workers_not_counted);
  EXPECT_GE(m.user_seconds, 3.0);
  EXPECT_LT(m.user_seconds, 3.0 + 0.5) << "the two reports and this process's own instant";
  EXPECT_GE(m.system_seconds, 0.5);
  EXPECT_NEAR(m.cpu_seconds, m.user_seconds + m.system_seconds, 1e-9);
  EXPECT_GE(m.voluntary_switches, 2000u);
  EXPECT_GE(m.involuntary_switches, 60u);
  EXPECT_GE(m.minor_faults, 10u);
  if (probe().schedstat_available()) {
    ASSERT_TRUE(m.run_delay_seconds);
    EXPECT_GE(*m.run_delay_seconds, 0.8);
    EXPECT_LT(*m.run_delay_seconds, 0.8 + 0.5);
  }
  EXPECT_FALSE(m.cycles) << "no PMU counts for ranks";
  // A rank that could not read its schedstat: the run delay is unknown.
  const mech::Snapshot again = probe().take();
  mech::declare(mech::Channel::workers_elsewhere);
  usage.run_delay_known = 0;
  mech::add_rank_usage(usage);
  const MechanismSample blind = mech::between(again, probe().take());
  EXPECT_FALSE(blind.workers_not_counted);
  EXPECT_FALSE(blind.run_delay_seconds);
  EXPECT_GE(blind.cpu_seconds, 1.75);
  // Without workers elsewhere, reports (none expected) are not added.
  const mech::Snapshot plain = probe().take();
  const MechanismSample own = mech::between(plain, probe().take());
  EXPECT_LT(own.cpu_seconds, 0.5);
}

TEST(Mechanism, ARanksOwnUsageComesFromItsProbe) {
  const mech::Probe rank_probe(mech::Sources{.pmu = false});
  const mech::Snapshot start = rank_probe.take();
  spin_for_cpu(0.02);
  const mech::RankUsage u = mech::rank_usage_between(start, rank_probe.take());
  EXPECT_GE(u.user_us + u.system_us, 19'000u) << "20 ms of spinning";
  EXPECT_EQ(u.run_delay_known, rank_probe.schedstat_available() ? 1u : 0u);
}

TEST(Mechanism, BusyTicksAreTheBusyFieldsOfTheCpuLine) {
  // user nice system idle iowait irq softirq steal guest guest_nice
  EXPECT_EQ(mech::busy_ticks_from_stat("cpu  100 2 30 9000 50 4 5 6 70 0\ncpu0 1 2 3\n"),
            std::optional<std::uint64_t>(100 + 2 + 30 + 4 + 5 + 6));
  EXPECT_FALSE(mech::busy_ticks_from_stat("cpu0 1 2 3 4 5 6 7 8\n")) << "a single CPU's line";
  EXPECT_FALSE(mech::busy_ticks_from_stat("cpu  1 2 3\n")) << "too few fields";
  EXPECT_FALSE(mech::busy_ticks_from_stat(""));
}

TEST(Mechanism, TheMachinesBusyTimeComesFromProcStat) {
  testing::ScopedTmpdir tmp;
  const std::string stat = tmp.path() + "/stat";
  const auto write_stat = [&](std::uint64_t user) {
    std::FILE* f = std::fopen(stat.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fprintf(f, "cpu  %llu 0 0 5000 0 0 0 0 0 0\n", static_cast<unsigned long long>(user));
    std::fclose(f);
  };
  write_stat(1000);
  const mech::Probe fake({.proc_stat = stat, .pmu = false});
  ASSERT_TRUE(fake.machine_cpu_available());
  const mech::Snapshot before = fake.take();
  const long ticks = sysconf(_SC_CLK_TCK);
  write_stat(1000 + static_cast<std::uint64_t>(ticks));  // the machine was busy for 1 s of CPU
  const MechanismSample m = mech::between(before, fake.take());
  ASSERT_TRUE(m.machine_busy_seconds);
  EXPECT_DOUBLE_EQ(*m.machine_busy_seconds, 1.0);
  // No tick in between: zero, measured (a short repetition often sees none).
  const mech::Snapshot later = fake.take();
  const MechanismSample none = mech::between(later, fake.take());
  ASSERT_TRUE(none.machine_busy_seconds);
  EXPECT_EQ(*none.machine_busy_seconds, 0.0);
  // No /proc/stat: not measured.
  const mech::Probe blind({.proc_stat = tmp.path() + "/missing", .pmu = false});
  EXPECT_FALSE(blind.machine_cpu_available());
  EXPECT_FALSE(mech::between(blind.take(), blind.take()).machine_busy_seconds);
  // The real one, where this machine has it: at least our own spinning.
  if (probe().machine_cpu_available()) {
    const mech::Snapshot start = probe().take();
    spin_for_cpu(0.2);
    const MechanismSample real = mech::between(start, probe().take());
    ASSERT_TRUE(real.machine_busy_seconds);
    EXPECT_GE(*real.machine_busy_seconds, 0.2 - 0.05) << "200 ms of our own CPU, give or take ticks";
  }
}

TEST(Mechanism, SettlingWaitsForThisProcesssRunnableThreads) {
  // A thread that spins 30 ms and then sleeps: the wait ends after it.
  std::atomic<bool> stop{false};
  std::latch started(1);
  std::thread spinner([&] {
    started.count_down();
    spin_for_wall(30ms);
    while (!stop) std::this_thread::sleep_for(1ms);
  });
  started.wait();
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(mech::wait_for_own_threads_to_settle(5s));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 20ms) << "returned while the spinner still ran";
  // One that never stops running: gives up at the limit.
  std::atomic<bool> spin_on{true};
  std::thread busy([&] {
    while (spin_on) {
    }
  });
  spin_for_wall(5ms);
  const auto t1 = std::chrono::steady_clock::now();
  EXPECT_FALSE(mech::wait_for_own_threads_to_settle(50ms));
  EXPECT_GE(std::chrono::steady_clock::now() - t1, 50ms);
  spin_on = false;
  busy.join();
  stop = true;
  spinner.join();
  // Nothing else running: at once.
  EXPECT_TRUE(mech::wait_for_own_threads_to_settle(5s));
}

TEST(Mechanism, MissingSourcesAreNotMeasuredNeverZero) {
  const mech::Probe blind({.proc_self = "/nonexistent/proc/self", .pmu = false});
  EXPECT_FALSE(blind.schedstat_available());
  EXPECT_FALSE(blind.pmu_available());
  const mech::Snapshot before = blind.take();
  spin_for_wall(5ms);
  const MechanismSample m = mech::between(before, blind.take());
  EXPECT_FALSE(m.run_delay_seconds);
  EXPECT_FALSE(m.cycles);
  EXPECT_FALSE(m.instructions);
  EXPECT_FALSE(m.llc_misses);
  EXPECT_FALSE(mech::read_run_delay_ns("/nonexistent/schedstat"));
  // A file that is not schedstat's format is no number either.
  EXPECT_FALSE(mech::read_run_delay_ns("/proc/self/cmdline"));
}

TEST(Mechanism, TheRealSourcesAreMeasuredWhereThisMachineHasThem) {
  const bool has_schedstat = mech::read_run_delay_ns("/proc/thread-self/schedstat").has_value();
  EXPECT_EQ(probe().schedstat_available(), has_schedstat);
  const mech::Snapshot before = probe().take();
  spin_for_cpu(0.01);
  const MechanismSample m = mech::between(before, probe().take());
  EXPECT_EQ(m.run_delay_seconds.has_value(), has_schedstat);
  // perf_event_open refused (no PMU in a VM, perf_event_paranoid): empty.
  EXPECT_EQ(m.cycles.has_value(), probe().pmu_available());
  if (m.cycles && m.instructions) {
    EXPECT_GT(*m.cycles, 1'000'000u) << "10 ms of spinning";
    EXPECT_GT(*m.instructions, 0u);
  }
}

TEST(Mechanism, RepetitionsOfSeveralRunsAddUpAndReportOneRun) {
  MechanismSample a;
  a.cpu_seconds = 1, a.user_seconds = 0.75, a.system_seconds = 0.25;
  a.voluntary_switches = 10, a.minor_faults = 3;
  a.run_delay_seconds = 0.5, a.traffic_bytes = 100, a.lock_wait_seconds = 0.2;
  MechanismSample b = a;
  b.lock_wait_seconds.reset();  // not measured in one run: not measured in the sum
  b.voluntary_switches = 20;
  mech::accumulate(a, b);
  const MechanismSample one = mech::per_run(a, 2);
  EXPECT_DOUBLE_EQ(one.cpu_seconds, 1);
  EXPECT_EQ(one.voluntary_switches, 15u);
  EXPECT_EQ(one.minor_faults, 3u);
  ASSERT_TRUE(one.run_delay_seconds);
  EXPECT_DOUBLE_EQ(*one.run_delay_seconds, 0.5);
  ASSERT_TRUE(one.traffic_bytes);
  EXPECT_EQ(*one.traffic_bytes, 100u);
  EXPECT_FALSE(one.lock_wait_seconds);
}

// --- through the runner -------------------------------------------------

Plan plan_of(std::vector<std::string> workloads, std::vector<std::string> models,
             unsigned workers) {
  Plan plan;
  plan.workloads = std::move(workloads);
  plan.models = std::move(models);
  plan.workers = {workers};
  plan.options.quick = true;
  plan.sampling.fixed_repetitions = 3u;
  plan.sampling.warmup_runs = 1;
  return plan;
}

const CellResult& cell_of(const RunReport& report, const std::string& workload,
                          const std::string& model) {
  for (const CellResult& c : report.cells)
    if (c.workload == workload && c.model == model) return c;
  ADD_FAILURE() << "no cell " << workload << "/" << model;
  return report.cells.front();
}

TEST(MechanismRunner, EveryTimedRepetitionHasItsSample) {
  const Plan plan = plan_of({"pi"}, {"sequential", "threads", "gil", "processes"}, 2);
  const std::size_t tasks = find_workload("pi")->make(plan.options)->task_count();
  const RunReport report = run_matrix(plan);
  // The one analysis pass is timed beside the run it analysed.
  EXPECT_GT(report.context.analysis_seconds, 0.0);
  EXPECT_LT(report.context.analysis_seconds, report.context.wall_seconds);
  EXPECT_FALSE(report.analysis.cells.empty());
  for (const CellResult& cell : report.cells) {
    ASSERT_EQ(cell.status, CellStatus::ok) << cell.name << ": " << cell.reason;
    ASSERT_EQ(cell.mechanism.size(), cell.real_seconds.size()) << cell.name;
    for (std::size_t i = 0; i < cell.mechanism.size(); ++i) {
      const MechanismSample& m = cell.mechanism[i];
      const double wall = cell.real_seconds[i];
      // The runner's own CPU figure, measured independently, agrees.
      EXPECT_NEAR(m.cpu_seconds, cell.cpu_seconds[i], 0.2 * cell.cpu_seconds[i] + 0.01)
          << cell.name;
      EXPECT_LE(m.cpu_seconds, 2 * wall * 1.15 + 0.01)
          << cell.name << ": 2 workers, 2 CPUs at most";
      EXPECT_EQ(m.run_delay_seconds.has_value(), probe().schedstat_available()) << cell.name;
      EXPECT_EQ(m.cycles.has_value(), probe().pmu_available()) << cell.name;
      EXPECT_FALSE(m.io_wait_seconds) << cell.name << ": no transfer";
      EXPECT_FALSE(m.workers_not_counted) << cell.name;
      if (cell.model == "gil") {
        ASSERT_TRUE(m.lock_wait_seconds) << cell.name;
        EXPECT_GT(*m.lock_wait_seconds, 0.0) << "2 CPU-bound workers take turns on the lock";
      } else {
        EXPECT_FALSE(m.lock_wait_seconds) << cell.name << ": no lock";
      }
      if (cell.model == "processes") {
        ASSERT_TRUE(m.traffic_bytes) << cell.name;
        EXPECT_GE(*m.traffic_bytes, tasks * sizeof(TaskResult))
            << "every task's result came through a pipe";
      } else {
        EXPECT_FALSE(m.traffic_bytes) << cell.name << ": no pipe";
      }
    }
  }
}

TEST(MechanismRunner, TheContendedMutexIsALockTheAtomicIsNot) {
  const RunReport report =
      run_matrix(plan_of({"contention_mutex", "contention_atomic"}, {"threads", "processes"}, 2));
  for (const CellResult& cell : report.cells) {
    ASSERT_EQ(cell.status, CellStatus::ok) << cell.name << ": " << cell.reason;
    ASSERT_FALSE(cell.mechanism.empty()) << cell.name;
    for (const MechanismSample& m : cell.mechanism)
      EXPECT_EQ(m.lock_wait_seconds.has_value(), cell.workload == "contention_mutex") << cell.name;
  }
}

TEST(MechanismRunner, DownloadsSumTheirTimeInFlight) {
  testing::ScopedTmpdir tmp;
  Plan plan = plan_of({"download", "pi"}, {"sequential"}, 1);
  plan.options.plugins.get<DownloadOptions>().images = 4;
  plan.options.plugins.get<DownloadOptions>().latency_ms = 10;
  plan.options.plugins.get<DownloadOptions>().timeout_s = 10;
  const RunReport report = run_matrix(plan);
  const CellResult& download = cell_of(report, "download", "sequential");
  ASSERT_EQ(download.status, CellStatus::ok) << download.reason;
  for (const MechanismSample& m : download.mechanism) {
    ASSERT_TRUE(m.io_wait_seconds);
    EXPECT_GE(*m.io_wait_seconds, 4 * 0.010 * 0.9)
        << "4 transfers, each 10 ms of server latency at least";
  }
  for (const MechanismSample& m : cell_of(report, "pi", "sequential").mechanism)
    EXPECT_FALSE(m.io_wait_seconds);
}

// --- into JSON and back ------------------------------------------------

MechanismSample known_sample(bool measured) {
  MechanismSample m;
  m.cpu_seconds = 0.5, m.user_seconds = 0.375, m.system_seconds = 0.125;
  m.voluntary_switches = 7, m.involuntary_switches = 3, m.minor_faults = 11, m.major_faults = 1;
  if (measured) {
    m.run_delay_seconds = 0.0625, m.lock_wait_seconds = 0.25, m.io_wait_seconds = 1.5;
    m.traffic_bytes = 4096, m.cycles = 123456789, m.instructions = 987654321, m.llc_misses = 4242;
  }
  return m;
}

RunReport report_with_mechanism() {
  RunReport report = testing::fake_report();
  for (CellResult& cell : report.cells)
    for (std::size_t i = 0; i < cell.real_seconds.size(); ++i)
      cell.mechanism.push_back(known_sample(i == 0));
  return report;
}

TEST(MechanismJson, EachRepetitionCarriesItsSampleNullWhereNotMeasured) {
  const nlohmann::json doc = nlohmann::json::parse(render("json", report_with_mechanism()));
  const nlohmann::json& first = doc["benchmarks"][0];
  ASSERT_EQ(first["run_type"], "iteration");
  const nlohmann::json& m = first["mechanism"];
  EXPECT_EQ(m["cpu_s"], 0.5);
  EXPECT_EQ(m["user_s"], 0.375);
  EXPECT_EQ(m["system_s"], 0.125);
  EXPECT_EQ(m["voluntary_switches"], 7);
  EXPECT_EQ(m["involuntary_switches"], 3);
  EXPECT_EQ(m["minor_faults"], 11);
  EXPECT_EQ(m["major_faults"], 1);
  EXPECT_EQ(m["run_delay_s"], 0.0625);
  EXPECT_EQ(m["lock_wait_s"], 0.25);
  EXPECT_EQ(m["io_wait_s"], 1.5);
  EXPECT_EQ(m["traffic_bytes"], 4096);
  EXPECT_EQ(m["cycles"], 123456789);
  EXPECT_EQ(m["instructions"], 987654321);
  EXPECT_EQ(m["llc_misses"], 4242);
  EXPECT_EQ(m["workers_not_counted"], false);
  const nlohmann::json& second = doc["benchmarks"][1]["mechanism"];
  for (const char* key : {"run_delay_s", "lock_wait_s", "io_wait_s", "traffic_bytes", "cycles",
                          "instructions", "llc_misses"})
    EXPECT_TRUE(second[key].is_null()) << key << ": not measured is null, never 0";
  for (const nlohmann::json& b : doc["benchmarks"])
    if (b["run_type"] == "aggregate" || b.value("error_occurred", false)) {
      EXPECT_FALSE(b.contains("mechanism")) << b["name"];
    }
}

TEST(MechanismJson, TheReaderTakesFilesWithAndWithoutIt) {
  const std::string text = render("json", report_with_mechanism());
  const report::BenchmarkFile with = report::parse_benchmark_json(text, "with.json");
  ASSERT_FALSE(with.benchmarks.empty());
  const report::StoredBenchmark& b = with.benchmarks.front();
  ASSERT_EQ(b.mechanism.size(), b.real_seconds.size());
  EXPECT_EQ(b.mechanism[0].voluntary_switches, 7u);
  EXPECT_EQ(b.mechanism[0].cycles, std::optional<std::uint64_t>(123456789));
  EXPECT_EQ(b.mechanism[0].run_delay_seconds, std::optional<double>(0.0625));
  EXPECT_FALSE(b.mechanism[1].run_delay_seconds);
  EXPECT_FALSE(b.mechanism[1].traffic_bytes);

  nlohmann::json doc = nlohmann::json::parse(text);
  for (nlohmann::json& e : doc["benchmarks"]) e.erase("mechanism");
  for (const auto& stored : report::parse_benchmark_json(doc.dump(), "without.json").benchmarks)
    EXPECT_TRUE(stored.mechanism.empty()) << stored.name;

  // Only some repetitions carry one: no sample is matched to the wrong one.
  doc = nlohmann::json::parse(text);
  doc["benchmarks"][1].erase("mechanism");
  EXPECT_TRUE(
      report::parse_benchmark_json(doc.dump(), "some.json").benchmarks.front().mechanism.empty());
}

TEST(MechanismJson, WrongTypesAreParseErrorsNamingTheField) {
  const std::string text = render("json", report_with_mechanism());
  auto with = [&](const char* key, const nlohmann::json& value) {
    nlohmann::json doc = nlohmann::json::parse(text);
    doc["benchmarks"][0]["mechanism"][key] = value;
    return doc.dump();
  };
  auto message = [](const std::string& file) -> std::string {
    try {
      report::parse_benchmark_json(file, "bad.json");
    } catch (const report::ParseError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(with("cycles", "many")).find("benchmarks[0].mechanism.cycles"),
            std::string::npos);
  EXPECT_NE(message(with("voluntary_switches", -1)).find("voluntary_switches: -1 is not a whole number"), std::string::npos);
  EXPECT_NE(message(with("run_delay_s", -0.5)).find("mechanism.run_delay_s"), std::string::npos);
  EXPECT_NE(message(with("workers_not_counted", 1)).find("workers_not_counted"), std::string::npos);
  nlohmann::json doc = nlohmann::json::parse(text);
  doc["benchmarks"][0]["mechanism"] = 3;
  EXPECT_NE(message(doc.dump()).find("expected an object"), std::string::npos);
  EXPECT_EQ(message(with("cycles", nullptr)), "") << "null: not measured";
}

}  // namespace
}  // namespace concur
