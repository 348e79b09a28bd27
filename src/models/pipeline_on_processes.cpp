// A process per stage, a pipe between consecutive stages, events as 64 raw
// bytes. Stage 0 writes small batches; every later stage reads what is
// waiting, processes the whole events in it and writes them on; EOF ends the
// stream stage by stage. The last stage sends its TaskResult to the parent
// through one more pipe. Each child keeps only its own two pipe ends, so EOF
// arrives as soon as the stage before it exits; ChildSet reaps them all.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "concur/interrupt.hpp"
#include "models/child_set.hpp"
#include "models/pipeline_runners.hpp"

namespace concur {
namespace {

constexpr int kStageFailed = 4;
constexpr int kPipeBroken = 3;

[[noreturn]] void run_source(PipelineStages& stages, int out) {
  PipelineEvent batch[kPipelineBatch];
  for (bool more = true; more;) {
    std::size_t n = 0;
    while (n < kPipelineBatch && (more = stages.read(batch[n]))) ++n;
    if (n > 0 && !write_all(out, batch, n * sizeof(PipelineEvent))) _exit(kPipeBroken);
  }
  mechanism::child_end();
  _exit(0);
}

[[noreturn]] void run_stage(PipelineStages& stages, std::size_t k, int in, int out, bool last) {
  constexpr std::size_t kEvent = sizeof(PipelineEvent);
  PipelineEvent events[kPipelineBatch];
  auto* bytes = reinterpret_cast<char*>(events);
  std::size_t held = 0;  // bytes in `events`, a partial event at the end
  for (;;) {
    const ssize_t n = ::read(in, bytes + held, sizeof events - held);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) _exit(kPipeBroken);
    if (n == 0) break;
    held += static_cast<std::size_t>(n);
    const std::size_t whole = held / kEvent;
    for (std::size_t i = 0; i < whole; ++i) stages.process(k, events[i]);
    if (!last && !write_all(out, events, whole * kEvent)) _exit(kPipeBroken);
    held -= whole * kEvent;
    std::memmove(bytes, bytes + whole * kEvent, held);
  }
  if (held != 0) _exit(kPipeBroken);  // a torn event: the writer died mid-write
  if (last) {
    const TaskResult result = stages.finish();
    if (!write_all(out, &result, sizeof result)) _exit(kPipeBroken);
  }
  mechanism::child_end();
  _exit(0);
}

// The child that explains a failure: one that failed on its own, not one
// that only saw its neighbour's pipe break.
std::string first_failure(std::vector<ChildSet::Child>& children, const PipelineStages& stages) {
  std::string fallback;
  for (std::size_t k = 0; k < children.size(); ++k) {
    const int status = children[k].status;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) continue;
    std::string why = fmt::format("pipeline stage {} ({}) process {}", k, stages.stage_name(k),
                                  WIFEXITED(status) && WEXITSTATUS(status) == kStageFailed
                                      ? std::string("threw an exception")
                                      : describe_status(status));
    const bool secondary = (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE) ||
                           (WIFEXITED(status) && WEXITSTATUS(status) == kPipeBroken);
    if (!secondary) return why;
    if (fallback.empty()) fallback = why;
  }
  return fallback;
}

}  // namespace

RunOutcome run_pipeline_on_processes(const PipelineCapability& pipeline) {
  RunOutcome outcome;
  std::unique_ptr<PipelineStages> stages = open_stages(pipeline, outcome);
  if (!stages) return outcome;
  const std::size_t count = stages->stage_count();

  int result_pipe[2];
  if (::pipe2(result_pipe, O_CLOEXEC) != 0) {
    outcome.error = fmt::format("pipe: {}", std::strerror(errno));
    return outcome;
  }
  mechanism::declare(mechanism::Channel::traffic);  // the pipes between stages
  ChildSet set;
  auto& children = set.children();
  int input = -1;  // read end of the pipe into the next stage
  auto close_fd = [](int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  };
  for (std::size_t k = 0; k < count && outcome.error.empty(); ++k) {
    const bool last = k + 1 == count;
    int link[2] = {-1, -1};
    if (!last && ::pipe2(link, O_CLOEXEC) != 0) {
      outcome.error = fmt::format("pipe: {}", std::strerror(errno));
      break;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      outcome.error = fmt::format("fork of pipeline stage {}: {}", k, std::strerror(errno));
      close_fd(link[0]);
      close_fd(link[1]);
      break;
    }
    if (pid == 0) {
      std::signal(SIGINT, SIG_DFL);
      std::signal(SIGTERM, SIG_DFL);
      ::close(result_pipe[0]);
      if (link[0] >= 0) ::close(link[0]);
      if (!last) ::close(result_pipe[1]);
      const int out = last ? result_pipe[1] : link[1];
      try {
        if (k == 0) run_source(*stages, out);
        run_stage(*stages, k, input, out, last);
      } catch (...) {
        _exit(kStageFailed);
      }
    }
    children.push_back({pid, -1, {}, 0, false});
    close_fd(input);
    close_fd(link[1]);
    input = link[0];
  }
  close_fd(input);
  ::close(result_pipe[1]);

  TaskResult result;
  std::size_t received = 0;
  while (outcome.error.empty()) {
    if (interrupt_requested()) {
      outcome.error = "interrupted";
      set.kill_all();
      break;
    }
    pollfd p{result_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    const ssize_t n = ::read(result_pipe[0], reinterpret_cast<char*>(&result) + received,
                             sizeof result - received);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received += static_cast<std::size_t>(n);
  }
  ::close(result_pipe[0]);
  if (!outcome.error.empty()) set.kill_all();
  set.reap_all();
  if (outcome.error.empty()) outcome.error = first_failure(children, *stages);
  if (outcome.error.empty() && received != sizeof result) outcome.error = "the last pipeline stage sent no result";
  if (outcome.error.empty()) outcome.results.push_back(result);
  return outcome;
}

}  // namespace concur
