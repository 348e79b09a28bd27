// download: the course's signature I/O-bound experiment. One task = one
// image fetched over HTTP with libcurl. By default the images come from the
// embedded server (in-process, 127.0.0.1, a free port), whose seeded pool
// gives a gold checksum; with --url from any real server, each body is
// verified on its own (status, length, JPEG markers).
#include <filesystem>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <curl/curl.h>
#include <event2/event.h>
#include <jconfig.h>
#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "concur/plugin.hpp"
#include "concur/workload.hpp"
#include "workloads/download/download_jobs.hpp"
#include "workloads/download/http_client.hpp"

namespace concur {
namespace {

using namespace download;

struct Gold {
  std::uint64_t checksum = 0;
  std::uint64_t bytes = 0;
};

class DownloadWorkload final : public Workload {
 public:
  explicit DownloadWorkload(const Options& options) : dir_(options.keep_dir) {
    jobs_.count = options.images;
    jobs_.settings.timeout_s = options.timeout_s;
    jobs_.settings.retries = options.retries;
    jobs_.dir = &dir_;
    if (options.url.empty()) {
      ServerConfig config;
      config.latency_ms = options.latency_ms;
      config.seed = options.seed;
      server_ = std::make_unique<ImageServer>(config);
      jobs_.url = server_->base_url();
      jobs_.embedded = true;
      jobs_.settings.require_jpeg = true;
      auto images = server_->pool().images(jobs_.width, jobs_.height);
      Gold gold;
      for (std::size_t i = 0; i < jobs_.count; ++i) {
        const JpegImage& image = JpegPool::pick(*images, i);
        gold.checksum += image.checksum;
        gold.bytes += image.bytes.size();
      }
      gold_ = gold;
    } else {
      jobs_.url = options.url;
    }
    async_ = make_curl_multi_downloader(jobs_);
    coroutines_ = make_coroutine_downloader(jobs_);
  }

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return jobs_.count; }
  std::uint64_t items() const override { return jobs_.count; }
  unsigned default_workers(unsigned) const override { return static_cast<unsigned>(jobs_.count); }
  AsyncCapability* async() override { return async_.get(); }
  CoroutineCapability* coroutines() override { return coroutines_.get(); }

  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    auto io = context.io_scope();
    return to_task_result(fetch(jobs_.url_for(index), dir_.destination(index), jobs_.settings));
  }

  Verdict verify(const Answer& answer) const override {
    if (!gold_) return Verdict::pass();  // each body was verified as it arrived
    if (answer.value != gold_->checksum || answer.items != gold_->bytes)
      return Verdict::fail(fmt::format("{} images: expected checksum {:016x} over {} bytes, got {:016x} "
                                       "over {} bytes", jobs_.count, gold_->checksum, gold_->bytes,
                                       answer.value, answer.items));
    return Verdict::pass();
  }

 private:
  WorkloadInfo info_{"download", "io", "images"};
  DownloadDir dir_;  // destroyed last of what the tasks use: after the server and runner
  std::unique_ptr<ImageServer> server_;
  DownloadJobs jobs_;
  std::optional<Gold> gold_;
  std::unique_ptr<AsyncCapability> async_;
  std::unique_ptr<CoroutineCapability> coroutines_;
};

void check_options(const Options& options) {
  if (options.images < 1 || options.images > 100'000)
    throw UsageError(fmt::format("--images {}: give 1..100000", options.images));
  if (!(options.latency_ms >= 0 && options.latency_ms <= 60'000))
    throw UsageError(fmt::format("--latency {}: give 0..60000 milliseconds", options.latency_ms));
  if (!(options.timeout_s > 0 && options.timeout_s <= 3600))
    throw UsageError(fmt::format("--timeout {}: give more than 0 and at most 3600 seconds", options.timeout_s));
  if (options.retries > 10) throw UsageError(fmt::format("--retries {}: give 0..10", options.retries));
  if (!options.url.empty() && !options.url.starts_with("http://") && !options.url.starts_with("https://"))
    throw UsageError(fmt::format("--url '{}': give an http:// or https:// URL", options.url));
  std::error_code ec;
  if (!options.keep_dir.empty() && !std::filesystem::is_directory(options.keep_dir, ec))
    throw UsageError(fmt::format("--keep '{}': not an existing folder", options.keep_dir));
}

}  // namespace

void describe_download_workload(PluginTraits& traits) {
  traits.add_flags = [](CLI::App& command, Options& options) {
    command.add_option("--images", options.images, "download: how many images (one task each)")
        ->check(CLI::Range(1u, 100000u));
    command.add_option("--latency", options.latency_ms,
                       "download: the embedded server's latency per image, in ms")
        ->check(CLI::Range(0.0, 60000.0));
    command.add_option("--url", options.url,
                       "download: fetch every image from this URL instead of the embedded server");
    command.add_option("--timeout", options.timeout_s, "download: seconds per attempt (connect and total)")
        ->check(CLI::Range(0.001, 3600.0));
    command.add_option("--retries", options.retries,
                       "download: extra attempts after a transient failure, with backoff")
        ->check(CLI::Range(0u, 10u));
    command.add_option("--keep", options.keep_dir, "download: keep the images in this folder")
        ->check(CLI::ExistingDirectory);
  };
  traits.libraries = {{"libcurl", curl_version_info(CURLVERSION_NOW)->version},
                      {"libevent", event_get_version()},
                      {"libjpeg-turbo", fmt::format("{}.{}.{}", LIBJPEG_TURBO_VERSION_NUMBER / 1000000,
                                                    LIBJPEG_TURBO_VERSION_NUMBER / 1000 % 1000,
                                                    LIBJPEG_TURBO_VERSION_NUMBER % 1000)}};
}

std::unique_ptr<Workload> make_download_workload(const Options& options) {
  check_options(options);
  init_curl_once();
  raise_open_file_limit();
  return std::make_unique<DownloadWorkload>(options);
}

}  // namespace concur
