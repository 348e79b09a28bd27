// The event-driven model of the course: every download in ONE thread, at
// most `concurrency` in flight, each step a callback of the event loop
// (libcurl's socket interface over epoll, shared with the coroutines model).
// A finished download's callback starts the next one at once; a transient
// failure comes back through a timer after its backoff, blocking nothing.
#include <algorithm>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "workloads/download/curl_event_loop.hpp"
#include "workloads/download/download_jobs.hpp"
#include "workloads/download/http_client.hpp"

namespace concur::download {
namespace {

// One run's state and its callbacks. Control never waits here: each
// function does its step and registers the callback for the next.
class CallbackRun {
 public:
  CallbackRun(CurlEventLoop& loop, const DownloadJobs& jobs, std::size_t limit,
              std::vector<std::unique_ptr<Transfer>>& transfers)
      : loop_(loop), jobs_(jobs), limit_(limit), transfers_(transfers),
        results_(jobs.count, interrupted_download()) {}

  // Starts downloads until `limit` are in flight. A download that ends at
  // once (a bad URL) calls back into here: the outer call keeps filling.
  void fill() {
    if (filling_) return;
    filling_ = true;
    while (in_flight_ < limit_ && next_ < jobs_.count && !loop_.cancelled()) {
      const std::size_t i = next_++;
      ++in_flight_;
      transfers_[i] = std::make_unique<Transfer>(jobs_.url_for(i), jobs_.dir->destination(i), jobs_.settings);
      attempt(i);
    }
    filling_ = false;
  }

  bool over() const { return in_flight_ == 0 && (next_ == jobs_.count || loop_.cancelled()); }
  std::vector<TaskResult> take_results() { return std::move(results_); }

 private:
  void attempt(std::size_t i) {
    Transfer& t = *transfers_[i];
    if (!t.start_attempt()) return finish(i, to_task_result(t.finish(CURLE_OK)));
    loop_.start(t.handle(), [this, i](CURLcode code) { on_transfer_done(i, code); });
  }

  // The callback of a transfer: curl finished it (or the loop was cancelled).
  void on_transfer_done(std::size_t i, CURLcode code) {
    if (loop_.cancelled()) return finish(i, interrupted_download());
    Transfer& t = *transfers_[i];
    FetchOutcome outcome = t.finish(code);
    if (!t.worth_retrying(outcome))
      return finish(i, to_task_result(outcome));
    loop_.after(backoff_seconds(t.attempts()), [this, i] {  // the retry's callback
      if (loop_.cancelled()) return finish(i, interrupted_download());
      attempt(i);
    });
  }

  void finish(std::size_t i, TaskResult result) {
    results_[i] = std::move(result);
    transfers_[i].reset();
    --in_flight_;
    fill();
  }

  CurlEventLoop& loop_;
  const DownloadJobs& jobs_;
  const std::size_t limit_;
  std::vector<std::unique_ptr<Transfer>>& transfers_;
  std::vector<TaskResult> results_;  // never started: interrupted
  std::size_t next_ = 0, in_flight_ = 0;
  bool filling_ = false;
};

class CallbackDownloader final : public AsyncCapability {
 public:
  explicit CallbackDownloader(const DownloadJobs& jobs) : jobs_(jobs) {}

  std::vector<TaskResult> run_all_async(unsigned concurrency) override {
    const std::size_t limit = downloads_in_flight(jobs_, concurrency);
    std::vector<std::unique_ptr<Transfer>> transfers(jobs_.count);  // outlive the loop holding their handles
    CurlEventLoop loop;
    CallbackRun run(loop, jobs_, limit, transfers);
    run.fill();
    loop.run_until([&] { return run.over(); });
    return run.take_results();
  }

 private:
  const DownloadJobs& jobs_;
};

}  // namespace

// Descriptors one in-flight download holds: its socket, and the server's
// end when the server is in this process. The partial file is opened only
// once the body is complete (Transfer keeps it in memory until then), so
// files take a few descriptors at a time, counted in the margin with the
// process's own (stdio, the event loop, curl's wakeup pipe).
std::size_t downloads_in_flight(const DownloadJobs& jobs, unsigned concurrency) {
  const std::size_t in_flight = std::min<std::size_t>(std::max(1u, concurrency), jobs.count);
  const unsigned long per_download = jobs.embedded ? 2 : 1;
  const unsigned long needed = in_flight * per_download + 64;
  const unsigned long limit = raise_open_file_limit(needed);
  if (needed > limit)
    throw std::runtime_error(fmt::format(
        "{} downloads in flight need about {} file descriptors, the limit is {}: use fewer workers "
        "or raise the hard limit (ulimit -Hn)", in_flight, needed, limit));
  return in_flight;
}

std::unique_ptr<AsyncCapability> make_callback_downloader(const DownloadJobs& jobs) {
  return std::make_unique<CallbackDownloader>(jobs);
}

}  // namespace concur::download
