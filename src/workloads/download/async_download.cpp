// The event-driven model of the course: every download in ONE thread, at
// most `concurrency` in flight, driven by curl_multi_poll. Finished handles
// are replaced by the next task at once; transient failures come back after
// their backoff without blocking the others.
#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "concur/interrupt.hpp"
#include "workloads/download/download_jobs.hpp"
#include "workloads/download/http_client.hpp"

namespace concur::download {
namespace {

using Clock = std::chrono::steady_clock;

class MultiHandle {
 public:
  MultiHandle() : multi_(curl_multi_init()) {
    if (!multi_) throw std::runtime_error("curl_multi_init failed");
  }
  ~MultiHandle() { curl_multi_cleanup(multi_); }
  MultiHandle(const MultiHandle&) = delete;
  MultiHandle& operator=(const MultiHandle&) = delete;
  CURLM* get() const { return multi_; }

 private:
  CURLM* multi_;
};

class CurlMultiDownloader final : public AsyncCapability {
 public:
  explicit CurlMultiDownloader(const DownloadJobs& jobs) : jobs_(jobs) {}

  std::vector<TaskResult> run_all_async(unsigned concurrency) override {
    const std::size_t count = jobs_.count;
    const std::size_t limit = std::min<std::size_t>(std::max(1u, concurrency), count);
    check_descriptors(jobs_, limit);
    MultiHandle multi;
    std::vector<TaskResult> results(count);
    std::vector<std::unique_ptr<Transfer>> transfers(count);
    std::unordered_map<CURL*, std::size_t> task_of;
    std::multimap<Clock::time_point, std::size_t> retries;  // task indices by when they are due
    std::size_t next = 0, active = 0, done = 0;

    auto finish = [&](std::size_t i, const FetchOutcome& outcome) {
      results[i] = to_task_result(outcome);
      task_of.erase(transfers[i]->handle());
      transfers[i].reset();
      ++done;
    };
    auto start = [&](std::size_t i) {
      Transfer& t = *transfers[i];
      if (!t.start_attempt()) return finish(i, t.finish(CURLE_OK));
      curl_multi_add_handle(multi.get(), t.handle());
      ++active;
    };

    while (done < count) {
      if (interrupt_requested()) {
        for (std::size_t i = 0; i < count; ++i)
          if (transfers[i]) {
            curl_multi_remove_handle(multi.get(), transfers[i]->handle());
            finish(i, FetchOutcome{false, false, 0, 0, "interrupted"});
          }
        break;
      }
      while (active < limit && !retries.empty() && retries.begin()->first <= Clock::now()) {
        start(retries.begin()->second);
        retries.erase(retries.begin());
      }
      while (active < limit && next < count) {
        transfers[next] = std::make_unique<Transfer>(jobs_.url_for(next), jobs_.dir->destination(next),
                                                     jobs_.settings);
        task_of[transfers[next]->handle()] = next;
        start(next++);
      }
      int running = 0;
      curl_multi_perform(multi.get(), &running);
      int queued = 0;
      bool slot_freed = false;
      while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
        if (message->msg != CURLMSG_DONE) continue;
        slot_freed = true;
        const std::size_t i = task_of.at(message->easy_handle);
        const CURLcode code = message->data.result;  // read before removing the handle
        curl_multi_remove_handle(multi.get(), message->easy_handle);
        --active;
        Transfer* t = transfers[i].get();
        FetchOutcome outcome = t->finish(code);
        if (!outcome.ok && outcome.retriable && t->attempts() <= jobs_.settings.retries) {
          retries.emplace(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(backoff_seconds(t->attempts()))),
                               i);
        } else {
          finish(i, outcome);
        }
      }
      if (slot_freed) continue;  // start the next task before waiting
      int wait_ms = 100;  // also the Ctrl-C check interval
      if (!retries.empty())
        wait_ms = static_cast<int>(std::clamp<long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(retries.begin()->first - Clock::now()).count(),
            0, wait_ms));
      curl_multi_poll(multi.get(), nullptr, 0, wait_ms, nullptr);
    }
    return results;
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
void check_descriptors(const DownloadJobs& jobs, std::size_t in_flight) {
  const unsigned long per_download = jobs.embedded ? 2 : 1;
  const unsigned long needed = in_flight * per_download + 64;
  const unsigned long limit = raise_open_file_limit(needed);
  if (needed > limit)
    throw std::runtime_error(fmt::format(
        "{} downloads in flight need about {} file descriptors, the limit is {}: use fewer workers "
        "or raise the hard limit (ulimit -Hn)", in_flight, needed, limit));
}

std::unique_ptr<AsyncCapability> make_curl_multi_downloader(const DownloadJobs& jobs) {
  return std::make_unique<CurlMultiDownloader>(jobs);
}

}  // namespace concur::download
