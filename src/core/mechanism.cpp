#include "core/mechanism.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace concur::mechanism {
namespace {

constexpr std::size_t kChannels = static_cast<std::size_t>(Channel::count_);
constexpr const char* kThreadSchedstat = "/proc/thread-self/schedstat";

// The counters every process of a run adds to: one anonymous MAP_SHARED
// page, so a forked child's lock waits, pipe bytes and run delay land where
// the parent reads them. Lock-free atomics are valid across processes.
struct SharedCounters {
  std::atomic<std::uint64_t> declared[kChannels];
  std::atomic<std::uint64_t> lock_wait_ns{0};
  std::atomic<std::uint64_t> io_in_flight_us{0};
  std::atomic<std::uint64_t> traffic_bytes{0};
  std::atomic<std::uint64_t> exited_run_delay_ns{0};  // ThreadAccount and forked children
  // Sums of the ranks' RankUsage reports (add_rank_usage).
  std::atomic<std::uint64_t> ranks_user_us{0}, ranks_system_us{0};
  std::atomic<std::uint64_t> ranks_voluntary{0}, ranks_involuntary{0};
  std::atomic<std::uint64_t> ranks_minor_faults{0}, ranks_major_faults{0};
  std::atomic<std::uint64_t> ranks_run_delay_ns{0};
  std::atomic<std::uint64_t> rank_reports{0}, rank_reports_without_delay{0};
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

SharedCounters& shared_counters() {
  static SharedCounters* const counters = [] {
    void* page = ::mmap(nullptr, sizeof(SharedCounters), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {  // children's figures are lost then, the parent's still count
      static SharedCounters private_counters;
      return &private_counters;
    }
    return new (page) SharedCounters;
  }();
  return *counters;
}
// Mapped before main(), so that every fork() inherits the same page.
[[maybe_unused]] const bool shared_counters_mapped = (shared_counters(), true);

// Threads whose delay ThreadAccount has added to exited_run_delay_ns and
// that the kernel may still list for an instant: the live sum skips them.
// A tid leaves the list once /proc no longer shows it.
std::mutex accounted_mutex;
std::vector<pid_t> accounted_tids;  // guarded by accounted_mutex

// What an open file holds (at most size - 1 bytes), as a NUL-ended text;
// closes it. False when nothing was read. Raw read(): no allocation, safe
// after fork().
bool read_and_close(int fd, char* text, std::size_t size) noexcept {
  ssize_t n;
  do n = ::read(fd, text, size - 1);
  while (n < 0 && errno == EINTR);
  ::close(fd);
  if (n <= 0) return false;
  text[n] = '\0';
  return true;
}

// The decimal number after the spaces at p, p moved past it; empty if none.
std::optional<std::uint64_t> next_number(const char*& p) noexcept {
  while (*p == ' ') ++p;
  if (*p < '0' || *p > '9') return std::nullopt;
  std::uint64_t value = 0;
  for (; *p >= '0' && *p <= '9'; ++p) value = value * 10 + static_cast<std::uint64_t>(*p - '0');
  return value;
}

// The 2nd number of an open schedstat file ("exec_ns delay_ns slices").
std::optional<std::uint64_t> run_delay_from_fd(int fd) noexcept {
  char text[128];
  if (!read_and_close(fd, text, sizeof text)) return std::nullopt;
  const char* p = text;
  if (!next_number(p)) return std::nullopt;
  return next_number(p);
}

// Calls visit(tid, fd) with `file` of every task listed in `task_dir`
// (<proc>/task) that still exists when opened; visit closes fd. False when
// the folder cannot be read.
template <typename Visit>
bool for_each_task(const std::string& task_dir, const char* file, Visit visit) {
  DIR* tasks = ::opendir(task_dir.c_str());
  if (!tasks) return false;
  while (const dirent* entry = ::readdir(tasks)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    char path[sizeof entry->d_name + 16];
    std::snprintf(path, sizeof path, "%s/%s", entry->d_name, file);
    const int fd = ::openat(::dirfd(tasks), path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;  // the thread ended since readdir
    visit(static_cast<pid_t>(std::atol(entry->d_name)), fd);
  }
  ::closedir(tasks);
  return true;
}

std::uint64_t counter_delta(std::uint64_t before, std::uint64_t after) {
  return after > before ? after - before : 0;
}
double timeval_seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

int open_counter(std::uint32_t type, std::uint64_t config) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = type;
  attr.config = config;
  attr.inherit = 1;  // threads and children started later count too
  // User space only: what perf_event_paranoid 2 (a common default) allows
  // an unprivileged process, so figures mean the same on every machine.
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return static_cast<int>(::syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

}  // namespace

void declare(Channel channel) noexcept {
  shared_counters().declared[static_cast<std::size_t>(channel)].fetch_add(
      1, std::memory_order_relaxed);
}
void add_lock_wait(std::chrono::nanoseconds waited) noexcept {
  if (waited.count() > 0)
    shared_counters().lock_wait_ns.fetch_add(static_cast<std::uint64_t>(waited.count()),
                                             std::memory_order_relaxed);
}
void add_io_in_flight(std::chrono::microseconds in_flight) noexcept {
  if (in_flight.count() > 0)
    shared_counters().io_in_flight_us.fetch_add(static_cast<std::uint64_t>(in_flight.count()),
                                                std::memory_order_relaxed);
}
void add_traffic(std::uint64_t bytes) noexcept {
  shared_counters().traffic_bytes.fetch_add(bytes, std::memory_order_relaxed);
}

void add_rank_usage(const RankUsage& u) noexcept {
  SharedCounters& c = shared_counters();
  constexpr auto relaxed = std::memory_order_relaxed;
  c.ranks_user_us.fetch_add(u.user_us, relaxed);
  c.ranks_system_us.fetch_add(u.system_us, relaxed);
  c.ranks_voluntary.fetch_add(u.voluntary_switches, relaxed);
  c.ranks_involuntary.fetch_add(u.involuntary_switches, relaxed);
  c.ranks_minor_faults.fetch_add(u.minor_faults, relaxed);
  c.ranks_major_faults.fetch_add(u.major_faults, relaxed);
  if (u.run_delay_known) c.ranks_run_delay_ns.fetch_add(u.run_delay_ns, relaxed);
  else c.rank_reports_without_delay.fetch_add(1, relaxed);
  c.rank_reports.fetch_add(1, relaxed);
}

std::optional<std::uint64_t> busy_ticks_from_stat(const char* text) noexcept {
  // "cpu  user nice system idle iowait irq softirq steal guest guest_nice";
  // guest time is already inside user, so it is not added again.
  if (std::strncmp(text, "cpu ", 4) != 0) return std::nullopt;
  const char* p = text + 4;
  std::uint64_t fields[8] = {};
  for (std::uint64_t& field : fields) {
    const auto number = next_number(p);
    if (!number) return std::nullopt;
    field = *number;
  }
  return fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
}

bool wait_for_own_threads_to_settle(std::chrono::microseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  const pid_t self = ::gettid();
  for (;;) {
    bool runnable = false;
    const bool listed = for_each_task("/proc/self/task", "stat", [&](pid_t tid, int fd) {
      char text[512];
      if (!read_and_close(fd, text, sizeof text) || tid == self) return;
      // "tid (comm) S ...": the state follows the last ')' (comm may hold one).
      const char* close_paren = std::strrchr(text, ')');
      if (close_paren && close_paren[1] == ' ' && close_paren[2] == 'R') runnable = true;
    });
    if (!listed) return false;
    if (!runnable) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    ::usleep(200);
  }
}

std::optional<std::uint64_t> read_run_delay_ns(const char* schedstat_path) noexcept {
  const int fd = ::open(schedstat_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  return run_delay_from_fd(fd);
}

ThreadAccount::~ThreadAccount() {
  // Under the lock the live sum takes: either it still reads this task, or
  // the task's delay is in the total and its tid on the skip list.
  std::lock_guard lock(accounted_mutex);
  const std::optional<std::uint64_t> delay = read_run_delay_ns(kThreadSchedstat);
  if (!delay) return;
  shared_counters().exited_run_delay_ns.fetch_add(*delay, std::memory_order_relaxed);
  try {
    accounted_tids.push_back(::gettid());
  } catch (const std::bad_alloc&) {
    // Not skipped: at worst counted twice in the instant after its join.
  }
}

void child_end() noexcept {
  if (const auto delay = read_run_delay_ns(kThreadSchedstat))
    shared_counters().exited_run_delay_ns.fetch_add(*delay, std::memory_order_relaxed);
}

Probe::Probe(Sources sources) : sources_(std::move(sources)) {
  schedstat_ = live_run_delay_ns().has_value();
  machine_stat_ = machine_busy_ticks().has_value();
  if (!sources_.pmu) return;
  pmu_fds_ = {open_counter(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES),
              open_counter(PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS),
              // "Usually the last level cache" (perf_event_open(2)).
              open_counter(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES)};
}

Probe::~Probe() {
  for (int fd : pmu_fds_)
    if (fd >= 0) ::close(fd);
}

bool Probe::pmu_available() const {
  return std::any_of(pmu_fds_.begin(), pmu_fds_.end(), [](int fd) { return fd >= 0; });
}

std::optional<std::uint64_t> Probe::live_run_delay_ns() const {
  std::lock_guard lock(accounted_mutex);
  std::vector<bool> still_listed(accounted_tids.size(), false);
  std::uint64_t sum = 0;
  bool read_any = false;
  const bool listed = for_each_task(sources_.proc_self + "/task", "schedstat", [&](pid_t tid, int fd) {
    if (auto it = std::find(accounted_tids.begin(), accounted_tids.end(), tid);
        it != accounted_tids.end()) {
      still_listed[static_cast<std::size_t>(it - accounted_tids.begin())] = true;
      ::close(fd);
      return;
    }
    if (const auto ns = run_delay_from_fd(fd)) {
      sum += *ns;
      read_any = true;
    }
  });
  if (!listed) return std::nullopt;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < accounted_tids.size(); ++i)
    if (still_listed[i]) accounted_tids[kept++] = accounted_tids[i];
  accounted_tids.resize(kept);
  if (!read_any) return std::nullopt;
  return sum + shared_counters().exited_run_delay_ns.load(std::memory_order_relaxed);
}

std::optional<std::uint64_t> Probe::read_pmu(int fd) const {
  if (fd < 0) return std::nullopt;
  struct {
    std::uint64_t value, enabled, running;
  } reading{};
  if (::read(fd, &reading, sizeof reading) != static_cast<ssize_t>(sizeof reading) ||
      reading.running == 0)
    return std::nullopt;
  if (reading.running >= reading.enabled) return reading.value;
  // Multiplexed with other events: scaled to the time it was enabled.
  return static_cast<std::uint64_t>(static_cast<double>(reading.value) *
                                    static_cast<double>(reading.enabled) /
                                    static_cast<double>(reading.running));
}

std::optional<std::uint64_t> Probe::machine_busy_ticks() const {
  const int fd = ::open(sources_.proc_stat.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char text[256];  // the first line: the machine's total
  if (!read_and_close(fd, text, sizeof text)) return std::nullopt;
  return busy_ticks_from_stat(text);
}

Snapshot Probe::take() const {
  Snapshot s;
  ::getrusage(RUSAGE_SELF, &s.self);
  ::getrusage(RUSAGE_CHILDREN, &s.children);
  if (schedstat_) s.run_delay_ns = live_run_delay_ns();
  SharedCounters& c = shared_counters();
  for (std::size_t i = 0; i < kChannels; ++i)
    s.declared[i] = c.declared[i].load(std::memory_order_relaxed);
  s.lock_wait_ns = c.lock_wait_ns.load(std::memory_order_relaxed);
  s.io_in_flight_us = c.io_in_flight_us.load(std::memory_order_relaxed);
  s.traffic_bytes = c.traffic_bytes.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < pmu_fds_.size(); ++i) s.pmu[i] = read_pmu(pmu_fds_[i]);
  if (machine_stat_) s.machine_busy_ticks = machine_busy_ticks();
  constexpr auto relaxed = std::memory_order_relaxed;
  s.ranks = {c.ranks_user_us.load(relaxed),      c.ranks_system_us.load(relaxed),
             c.ranks_voluntary.load(relaxed),    c.ranks_involuntary.load(relaxed),
             c.ranks_minor_faults.load(relaxed), c.ranks_major_faults.load(relaxed),
             c.ranks_run_delay_ns.load(relaxed), 0};
  s.rank_reports = c.rank_reports.load(relaxed);
  s.rank_reports_without_delay = c.rank_reports_without_delay.load(relaxed);
  return s;
}

RankUsage rank_usage_between(const Snapshot& before, const Snapshot& after) {
  const MechanismSample m = between(before, after);
  RankUsage u;
  u.user_us = static_cast<std::uint64_t>(m.user_seconds * 1e6 + 0.5);
  u.system_us = static_cast<std::uint64_t>(m.system_seconds * 1e6 + 0.5);
  u.voluntary_switches = m.voluntary_switches;
  u.involuntary_switches = m.involuntary_switches;
  u.minor_faults = m.minor_faults;
  u.major_faults = m.major_faults;
  if (m.run_delay_seconds) {
    u.run_delay_ns = static_cast<std::uint64_t>(*m.run_delay_seconds * 1e9 + 0.5);
    u.run_delay_known = 1;
  }
  return u;
}

MechanismSample between(const Snapshot& before, const Snapshot& after) {
  auto declared = [&](Channel channel) {
    const auto i = static_cast<std::size_t>(channel);
    return after.declared[i] > before.declared[i];
  };
  // Self + reaped children, after minus before, for one rusage field.
  auto changed = [&](auto field) {
    return counter_delta(static_cast<std::uint64_t>(field(before.self)) +
                             static_cast<std::uint64_t>(field(before.children)),
                         static_cast<std::uint64_t>(field(after.self)) +
                             static_cast<std::uint64_t>(field(after.children)));
  };
  MechanismSample m;
  m.user_seconds = std::max(
      0.0, timeval_seconds(after.self.ru_utime) + timeval_seconds(after.children.ru_utime) -
               timeval_seconds(before.self.ru_utime) - timeval_seconds(before.children.ru_utime));
  m.system_seconds = std::max(
      0.0, timeval_seconds(after.self.ru_stime) + timeval_seconds(after.children.ru_stime) -
               timeval_seconds(before.self.ru_stime) - timeval_seconds(before.children.ru_stime));
  m.cpu_seconds = m.user_seconds + m.system_seconds;
  m.voluntary_switches = changed([](const rusage& r) { return r.ru_nvcsw; });
  m.involuntary_switches = changed([](const rusage& r) { return r.ru_nivcsw; });
  m.minor_faults = changed([](const rusage& r) { return r.ru_minflt; });
  m.major_faults = changed([](const rusage& r) { return r.ru_majflt; });
  const bool elsewhere = declared(Channel::workers_elsewhere);
  const std::uint64_t reports = counter_delta(before.rank_reports, after.rank_reports);
  std::optional<double> ranks_run_delay;
  if (elsewhere && reports > 0) {
    m.user_seconds += static_cast<double>(counter_delta(before.ranks.user_us, after.ranks.user_us)) * 1e-6;
    m.system_seconds +=
        static_cast<double>(counter_delta(before.ranks.system_us, after.ranks.system_us)) * 1e-6;
    m.cpu_seconds = m.user_seconds + m.system_seconds;
    m.voluntary_switches += counter_delta(before.ranks.voluntary_switches, after.ranks.voluntary_switches);
    m.involuntary_switches +=
        counter_delta(before.ranks.involuntary_switches, after.ranks.involuntary_switches);
    m.minor_faults += counter_delta(before.ranks.minor_faults, after.ranks.minor_faults);
    m.major_faults += counter_delta(before.ranks.major_faults, after.ranks.major_faults);
    if (counter_delta(before.rank_reports_without_delay, after.rank_reports_without_delay) == 0)
      ranks_run_delay = static_cast<double>(counter_delta(before.ranks.run_delay_ns, after.ranks.run_delay_ns)) * 1e-9;
  }
  m.workers_not_counted = elsewhere && reports == 0;
  if (before.run_delay_ns && after.run_delay_ns && (!elsewhere || ranks_run_delay))
    m.run_delay_seconds =
        static_cast<double>(counter_delta(*before.run_delay_ns, *after.run_delay_ns)) * 1e-9 +
        ranks_run_delay.value_or(0);
  if (before.machine_busy_ticks && after.machine_busy_ticks) {
    static const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
    m.machine_busy_seconds =
        static_cast<double>(counter_delta(*before.machine_busy_ticks, *after.machine_busy_ticks)) /
        static_cast<double>(ticks_per_second > 0 ? ticks_per_second : 100);
  }
  if (declared(Channel::lock))
    m.lock_wait_seconds =
        static_cast<double>(counter_delta(before.lock_wait_ns, after.lock_wait_ns)) * 1e-9;
  if (declared(Channel::io))
    m.io_wait_seconds =
        static_cast<double>(counter_delta(before.io_in_flight_us, after.io_in_flight_us)) * 1e-6;
  if (declared(Channel::traffic))
    m.traffic_bytes = counter_delta(before.traffic_bytes, after.traffic_bytes);
  std::optional<std::uint64_t>* pmu[] = {&m.cycles, &m.instructions, &m.llc_misses};
  for (std::size_t i = 0; i < 3; ++i)
    if (before.pmu[i] && after.pmu[i] && !elsewhere)
      *pmu[i] = counter_delta(*before.pmu[i], *after.pmu[i]);
  return m;
}

namespace {
template <typename T>
void add_optional(std::optional<T>& total, const std::optional<T>& more) {
  if (total && more)
    *total += *more;
  else
    total.reset();
}
template <typename T>
void divide_optional(std::optional<T>& value, std::uint64_t runs) {
  if (!value) return;
  if constexpr (std::is_floating_point_v<T>)
    *value /= static_cast<double>(runs);
  else
    *value = (*value + runs / 2) / runs;
}
}  // namespace

void accumulate(MechanismSample& total, const MechanismSample& more) {
  total.cpu_seconds += more.cpu_seconds;
  total.user_seconds += more.user_seconds;
  total.system_seconds += more.system_seconds;
  total.voluntary_switches += more.voluntary_switches;
  total.involuntary_switches += more.involuntary_switches;
  total.minor_faults += more.minor_faults;
  total.major_faults += more.major_faults;
  add_optional(total.run_delay_seconds, more.run_delay_seconds);
  add_optional(total.lock_wait_seconds, more.lock_wait_seconds);
  add_optional(total.io_wait_seconds, more.io_wait_seconds);
  add_optional(total.traffic_bytes, more.traffic_bytes);
  add_optional(total.cycles, more.cycles);
  add_optional(total.instructions, more.instructions);
  add_optional(total.llc_misses, more.llc_misses);
  add_optional(total.machine_busy_seconds, more.machine_busy_seconds);
  total.workers_not_counted = total.workers_not_counted || more.workers_not_counted;
}

MechanismSample per_run(const MechanismSample& total, std::uint64_t runs) {
  MechanismSample m = total;
  if (runs <= 1) return m;
  const double n = static_cast<double>(runs);
  m.cpu_seconds /= n;
  m.user_seconds /= n;
  m.system_seconds /= n;
  for (std::uint64_t* count :
       {&m.voluntary_switches, &m.involuntary_switches, &m.minor_faults, &m.major_faults})
    *count = (*count + runs / 2) / runs;
  divide_optional(m.run_delay_seconds, runs);
  divide_optional(m.lock_wait_seconds, runs);
  divide_optional(m.io_wait_seconds, runs);
  divide_optional(m.machine_busy_seconds, runs);
  divide_optional(m.traffic_bytes, runs);
  divide_optional(m.cycles, runs);
  divide_optional(m.instructions, runs);
  divide_optional(m.llc_misses, runs);
  return m;
}

}  // namespace concur::mechanism
