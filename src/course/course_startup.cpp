// Threads: std::thread writes its result into a slot and is joined.
// Processes: fork; the child writes its result into a pipe and _exits (only
// async-signal-safe calls between fork and exit, since this process has
// threads); the parent reads every pipe and reaps every child, so none is
// left behind even when one fails.
#include "course/course_startup.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace concur::course {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double threads_once(unsigned workers) {
  std::vector<std::uint64_t> results(workers);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < workers; ++i) threads.emplace_back([&results, i] { results[i] = i + 1; });
  for (auto& t : threads) t.join();
  return seconds_since(start);
}

// nullopt when fork or a pipe failed (every child started is still reaped).
// `child_rss_kb` grows to the largest peak a child reported for itself.
std::optional<double> processes_once(unsigned workers, double& child_rss_kb) {
  std::vector<pid_t> children;
  std::vector<int> pipes;
  bool ok = true;
  const auto start = Clock::now();
  for (unsigned i = 0; i < workers && ok; ++i) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      ok = false;
      break;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {  // a result, and the child's own peak memory (getrusage is a bare system call)
      rusage usage{};
      ::getrusage(RUSAGE_SELF, &usage);
      const std::uint64_t reply[2] = {i + 1, static_cast<std::uint64_t>(usage.ru_maxrss)};
      const bool written = ::write(fds[1], reply, sizeof reply) == sizeof reply;
      ::_exit(written ? 0 : 1);
    }
    ::close(fds[1]);
    if (pid < 0) {
      ::close(fds[0]);
      ok = false;
      break;
    }
    children.push_back(pid);
    pipes.push_back(fds[0]);
  }
  for (int fd : pipes) {
    std::uint64_t reply[2] = {0, 0};
    ssize_t n;
    while ((n = ::read(fd, reply, sizeof reply)) < 0 && errno == EINTR) {
    }
    ok = ok && n == sizeof reply;
    child_rss_kb = std::max(child_rss_kb, static_cast<double>(reply[1]));
    ::close(fd);
  }
  for (pid_t pid : children) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  if (!ok) return std::nullopt;
  return seconds_since(start);
}

}  // namespace

StartupFacts measure_startup(unsigned workers, unsigned repetitions) {
  StartupFacts f;
  f.workers = workers;
  threads_once(workers);  // warm-up: the first start pays for lazy set-up
  processes_once(workers, f.child_peak_rss_kb);
  std::vector<double> threads, processes;
  std::string failure;
  for (unsigned r = 0; r < repetitions; ++r) {  // interleaved, so a busy moment hits both
    threads.push_back(threads_once(workers));
    if (auto p = processes_once(workers, f.child_peak_rss_kb)) processes.push_back(*p);
    else failure = "fork, a pipe or a child failed";
  }
  rusage self{};
  ::getrusage(RUSAGE_SELF, &self);
  f.parent_rss_kb = static_cast<double>(self.ru_maxrss);
  f.threads = Measured::sampled(std::move(threads));
  f.processes = failure.empty() ? Measured::sampled(std::move(processes)) : Measured::missing(failure);
  return f;
}

}  // namespace concur::course
