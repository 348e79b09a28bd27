// What the download workload asks for, shared by its blocking tasks and its
// async runner: how many images, from where, and where they go.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "concur/workload.hpp"
#include "workloads/download/download_dir.hpp"
#include "workloads/download/image_server.hpp"
#include "workloads/download/transfer.hpp"
#include "workloads/download/url_list.hpp"

namespace concur::download {

struct DownloadJobs {
  std::size_t count = 0;
  std::string url;        // --url (a pattern), or the embedded server's base URL
  std::vector<std::string> urls;  // --urls: image i is urls[i % size]
  bool embedded = false;  // embedded: image i is url + ImageServer::image_path(width, height, i)
  int width = kDefaultImageWidth, height = kDefaultImageHeight;
  FetchSettings settings;
  const DownloadDir* dir = nullptr;

  std::string url_for(std::size_t index) const {
    return embedded ? url + ImageServer::image_path(width, height, index) : url_of_image(url, urls, index);
  }
};

inline TaskResult to_task_result(const FetchOutcome& outcome) {
  if (!outcome.ok) return TaskResult::failure(outcome.error);
  TaskResult r;
  r.value = outcome.checksum;
  r.items = outcome.bytes;
  return r;
}

// What an event-loop runner reports for a download it never finished because
// the run was interrupted (Ctrl-C).
inline TaskResult interrupted_download() { return TaskResult::failure("interrupted"); }

// Callbacks on libcurl's multi socket interface in the calling thread: the
// async model's runner.
// `jobs` must outlive it.
std::unique_ptr<AsyncCapability> make_callback_downloader(const DownloadJobs& jobs);
// C++20 coroutines over libcurl's multi socket interface: the coroutines
// model's runner. `jobs` must outlive it.
std::unique_ptr<CoroutineCapability> make_coroutine_downloader(const DownloadJobs& jobs);

// How many downloads one event loop keeps in flight for `concurrency`
// (at least 1, at most the images); throws when that many at once would run
// out of file descriptors.
std::size_t downloads_in_flight(const DownloadJobs& jobs, unsigned concurrency);

}  // namespace concur::download
