// The download workload as C++20 coroutines on one thread: each of
// `concurrency` workers is a coroutine that takes the next image, co_awaits
// its transfer (and, after a transient failure, its backoff), and moves on.
// Same Transfer (partial file, checksum, verification, retries) as every
// other model; only the waiting differs: a suspended coroutine, not a
// blocked thread or a hand-written callback state machine.
#include <algorithm>
#include <memory>
#include <vector>

#include "workloads/download/co_task.hpp"
#include "workloads/download/curl_event_loop.hpp"
#include "workloads/download/download_jobs.hpp"

namespace concur::download {
namespace {

CoTask<TaskResult> fetch_one(CurlEventLoop& loop, const DownloadJobs& jobs, std::size_t index) {
  Transfer transfer(jobs.url_for(index), jobs.dir->destination(index), jobs.settings);
  while (true) {
    if (!transfer.start_attempt()) co_return to_task_result(transfer.finish(CURLE_OK));
    const CURLcode code = co_await loop.perform(transfer.handle());
    if (loop.cancelled()) co_return interrupted_download();
    FetchOutcome outcome = transfer.finish(code);
    if (!transfer.worth_retrying(outcome))
      co_return to_task_result(outcome);
    co_await loop.sleep(backoff_seconds(transfer.attempts()));
    if (loop.cancelled()) co_return interrupted_download();
  }
}

// One of the `concurrency` workers: returns how many images it fetched.
CoTask<std::size_t> worker(CurlEventLoop& loop, const DownloadJobs& jobs, std::size_t& next,
                           std::vector<TaskResult>& results) {
  std::size_t fetched = 0;
  while (!loop.cancelled() && next < jobs.count) {
    const std::size_t index = next++;  // one thread: no race
    results[index] = co_await fetch_one(loop, jobs, index);
    ++fetched;
  }
  co_return fetched;
}

class CoroutineDownloader final : public CoroutineCapability {
 public:
  explicit CoroutineDownloader(const DownloadJobs& jobs) : jobs_(jobs) {}

  std::vector<TaskResult> run_all_coroutines(unsigned concurrency) override {
    const std::size_t in_flight = downloads_in_flight(jobs_, concurrency);
    // Overwritten as each finishes.
    std::vector<TaskResult> results(jobs_.count, interrupted_download());
    std::size_t next = 0;
    CurlEventLoop loop;
    std::vector<CoTask<std::size_t>> workers;  // destroyed before the loop
    workers.reserve(in_flight);
    for (std::size_t w = 0; w < in_flight; ++w) workers.push_back(worker(loop, jobs_, next, results));
    for (auto& w : workers) w.start();
    loop.run_until([&] { return std::all_of(workers.begin(), workers.end(), [](auto& w) { return w.done(); }); });
    for (auto& w : workers) w.result();  // rethrows what a worker threw
    return results;
  }

 private:
  const DownloadJobs& jobs_;
};

}  // namespace

std::unique_ptr<CoroutineCapability> make_coroutine_downloader(const DownloadJobs& jobs) {
  return std::make_unique<CoroutineDownloader>(jobs);
}

}  // namespace concur::download
