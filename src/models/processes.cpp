// fork() N children. Each pulls task indices from one atomic counter in
// shared memory (dynamic hand-out, like the threads model) and writes
// {index, TaskResult} records back through its own pipe. The parent polls
// the pipes, then reaps every child: a child killed by a signal or exiting
// non-zero fails the cell with that reason. Children are always reaped, also
// on errors and Ctrl-C, so no zombie and no orphan outlives a run.
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "concur/model.hpp"
#include "concur/options.hpp"
#include "models/child_set.hpp"
#include "models/pipeline_runners.hpp"
#include "models/run_task.hpp"

namespace concur {
namespace {

struct ResultRecord {
  std::uint64_t index;
  TaskResult result;
};
static_assert(sizeof(ResultRecord) <= PIPE_BUF, "one record, one atomic write");

// The task counter shared by every child: an anonymous shared mapping.
class SharedCounter {
 public:
  SharedCounter() {
    void* p = mmap(nullptr, sizeof(std::atomic<std::uint64_t>), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error(fmt::format("mmap: {}", std::strerror(errno)));
    counter_ = new (p) std::atomic<std::uint64_t>(0);
  }
  ~SharedCounter() { munmap(counter_, sizeof(*counter_)); }
  SharedCounter(const SharedCounter&) = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;
  std::atomic<std::uint64_t>& get() { return *counter_; }

 private:
  std::atomic<std::uint64_t>* counter_;
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "a lock-free atomic works across processes");

[[noreturn]] void child_main(const Workload& workload, std::atomic<std::uint64_t>& next,
                             int result_fd) {
  // The terminal's Ctrl-C reaches the whole process group: children simply
  // die of it, and the parent reaps them.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
  const std::uint64_t task_count = workload.task_count();
  TaskContext context;
  for (std::uint64_t i; (i = next.fetch_add(1)) < task_count;) {
    ResultRecord record{i, run_task_safely(workload, i, context)};
    if (!write_all(result_fd, &record, sizeof record)) _exit(3);
  }
  mechanism::child_end();  // its run-queue delay, before the task vanishes
  // _exit, not exit: the parent's atexit handlers and static destructors
  // (temporary directories, servers) belong to the parent alone.
  _exit(0);
}

class ProcessesModel final : public Model {
 public:
  explicit ProcessesModel(const Options& options) : placement_(options.pin) {}
  const ModelInfo& info() const override { return info_; }

  RunOutcome run(Workload& workload, unsigned workers) const override {
    // A stream of events runs as the stages at once, a process each.
    if (const PipelineCapability* pipeline = workload.pipeline()) return run_pipeline_on_processes(*pipeline);
    RunOutcome outcome;
    const std::size_t task_count = workload.task_count();
    outcome.results.resize(task_count);
    std::vector<bool> received(task_count, false);
    SharedCounter next;
    mechanism::declare(mechanism::Channel::traffic);  // the result pipes
    ChildSet set;
    auto& children = set.children();
    children.reserve(workers);

    for (unsigned w = 0; w < workers; ++w) {
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) != 0) {
        outcome.error = fmt::format("pipe: {} (raise the open-file limit or use fewer workers)",
                                    std::strerror(errno));
        return outcome;  // ~ChildSet kills and reaps the ones started
      }
      pid_t pid = ::fork();
      if (pid < 0) {
        outcome.error = fmt::format("fork of worker {}: {}", w, std::strerror(errno));
        ::close(fds[0]);
        ::close(fds[1]);
        return outcome;
      }
      if (pid == 0) {
        ::close(fds[0]);
        for (auto& c : children) ::close(c.fd);  // siblings' pipes are not ours
        placement_.place(w);
        child_main(workload, next.get(), fds[1]);
      }
      ::close(fds[1]);
      children.push_back({pid, fds[0], {}, 0, false});
    }

    collect_results(children, outcome, received);
    set.reap_all();

    for (std::size_t w = 0; w < children.size() && outcome.error.empty(); ++w) {
      const int status = children[w].status;
      if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        outcome.error = fmt::format("worker process {} (pid {}) {}", w, children[w].pid,
                                    describe_status(status));
    }
    for (std::size_t i = 0; i < task_count && outcome.error.empty(); ++i)
      if (!received[i]) outcome.error = fmt::format("task {} returned no result", i);
    return outcome;
  }

 private:
  // Reads records from every child's pipe until all reach EOF (or Ctrl-C).
  static void collect_results(std::vector<ChildSet::Child>& children, RunOutcome& outcome,
                              std::vector<bool>& received) {
    std::vector<pollfd> fds;
    for (;;) {
      fds.clear();
      for (auto& c : children)
        if (c.fd >= 0) fds.push_back({c.fd, POLLIN, 0});
      if (fds.empty()) return;
      if (interrupt_requested()) {
        outcome.error = "interrupted";
        for (auto& c : children) ::kill(c.pid, SIGKILL);
        return;
      }
      int ready = ::poll(fds.data(), fds.size(), 200);
      if (ready < 0 && errno != EINTR) {
        outcome.error = fmt::format("poll: {}", std::strerror(errno));
        return;
      }
      for (auto& c : children) {
        if (c.fd < 0) continue;
        pollfd* p = nullptr;
        for (auto& f : fds)
          if (f.fd == c.fd) p = &f;
        if (!p || !(p->revents & (POLLIN | POLLHUP | POLLERR))) continue;
        char buffer[sizeof(ResultRecord) * 16];
        ssize_t n = ::read(c.fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          ::close(c.fd);
          c.fd = -1;
          continue;
        }
        c.pending.insert(c.pending.end(), buffer, buffer + n);
        std::size_t whole = c.pending.size() / sizeof(ResultRecord);
        for (std::size_t k = 0; k < whole; ++k) {
          ResultRecord record;
          std::memcpy(&record, c.pending.data() + k * sizeof record, sizeof record);
          if (record.index < outcome.results.size()) {
            outcome.results[record.index] = record.result;
            received[record.index] = true;
          }
        }
        c.pending.erase(c.pending.begin(),
                        c.pending.begin() + static_cast<long>(whole * sizeof(ResultRecord)));
      }
    }
  }

  WorkerPlacement placement_;
  ModelInfo info_{"processes", "fork()ed children, tasks handed out dynamically, results via pipes"};
};

}  // namespace

std::unique_ptr<Model> make_processes_model(const Options& options) {
  return std::make_unique<ProcessesModel>(options);
}

}  // namespace concur
