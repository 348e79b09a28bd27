// download: the course's signature I/O-bound experiment. One task = one
// image fetched over HTTP with libcurl. By default the images come from the
// embedded server (in-process, 127.0.0.1, a free port), whose seeded pool
// gives a gold checksum; with --url from any real server, each body is
// verified on its own (status, length, JPEG markers).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <curl/curl.h>
#include <event2/event.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "concur/plugin.hpp"
#include "concur/version.hpp"
#include "core/flag_checks.hpp"
#include "concur/workload.hpp"
#include "workloads/download/download_dir.hpp"
#include "workloads/download/download_jobs.hpp"
#include "workloads/download/download_options.hpp"
#include "workloads/download/http_client.hpp"
#include "workloads/download/url_list.hpp"

namespace concur {
namespace {

using namespace download;

struct Gold {
  std::uint64_t checksum = 0;
  std::uint64_t bytes = 0;
};

class DownloadWorkload final : public Workload {
 public:
  DownloadWorkload(const DownloadOptions& options, std::uint64_t seed) : dir_(options.keep_dir) {
    jobs_.count = options.images;
    jobs_.settings.timeout_s = options.timeout_s;
    jobs_.settings.retries = options.retries;
    jobs_.settings.max_bytes = options.max_bytes;
    jobs_.dir = &dir_;
    if (options.url.empty() && options.urls.empty()) {
      ServerConfig config;
      config.latency_ms = options.latency_ms;
      config.seed = seed;
      server_ = std::make_unique<ImageServer>(config);
      jobs_.url = server_->base_url();
      jobs_.embedded = true;
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
      jobs_.urls = options.urls;
    }
    async_ = make_callback_downloader(jobs_);
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
  WorkloadInfo info_ = declared_workload_info("download", "images");
  DownloadDir dir_;  // destroyed last of what the tasks use: after the server and runner
  std::unique_ptr<ImageServer> server_;
  DownloadJobs jobs_;
  std::optional<Gold> gold_;
  std::unique_ptr<AsyncCapability> async_;
  std::unique_ptr<CoroutineCapability> coroutines_;
};

void check_options(const DownloadOptions& options) {
  if (options.images < 1 || options.images > 100'000)
    throw UsageError(fmt::format("--images {}: give 1..100000", options.images));
  if (!(options.latency_ms >= 0 && options.latency_ms <= 60'000))
    throw UsageError(fmt::format("--latency {}: give 0..60000 milliseconds", options.latency_ms));
  if (!(options.timeout_s > 0 && options.timeout_s <= 3600))
    throw UsageError(fmt::format("--timeout {}: give more than 0 and at most 3600 seconds", options.timeout_s));
  if (options.retries > 10) throw UsageError(fmt::format("--retries {}: give 0..10", options.retries));
  if (options.max_bytes < 1)
    throw UsageError("--max-size: give at least 1 byte");
  if (!options.url.empty() && !options.urls.empty())
    throw UsageError("--url and --urls: give one of them (a pattern such as http://host/{i}.jpg, or a list)");
  // The placeholders first (expanding checks them), then the URL they give.
  if (!options.url.empty()) check_url(expand_url_pattern(options.url, 1));
  std::error_code ec;
  if (!options.keep_dir.empty() && !std::filesystem::is_directory(options.keep_dir, ec))
    throw UsageError(fmt::format("--keep '{}': not an existing folder", options.keep_dir));
  // Before the run, not at its first image: a read-only folder (or file system).
  if (!options.keep_dir.empty() && ::access(options.keep_dir.c_str(), W_OK | X_OK) != 0)
    throw UsageError(fmt::format("--keep '{}': cannot write there: {}", options.keep_dir, std::strerror(errno)));
  // Repetitions overwrite their own images, but never a file that was there.
  for (std::size_t i = 0; !options.keep_dir.empty() && i < options.images; ++i) {
    const auto existing = std::filesystem::path(options.keep_dir) / DownloadDir::file_name(i);
    if (std::filesystem::exists(std::filesystem::symlink_status(existing, ec)))
      throw UsageError(fmt::format("--keep '{}': already holds {}; give an empty folder (nothing "
                                   "there is overwritten)", options.keep_dir, existing.string()));
  }
}

}  // namespace

// Not --keep: it is the coordinator's folder, on its host and locked by it;
// a worker elsewhere (an mpi rank) downloads into a temporary folder of its own.
std::string DownloadOptions::encode() const {
  return nlohmann::json{{"images", images},   {"latency_ms", latency_ms}, {"url", url},   {"urls", urls},
                        {"timeout_s", timeout_s}, {"retries", retries},  {"max_bytes", max_bytes}}
      .dump();
}

DownloadOptions DownloadOptions::decode(std::string_view text) {
  const auto j = nlohmann::json::parse(text);
  DownloadOptions o;
  o.images = j.at("images").get<unsigned>();
  o.latency_ms = j.at("latency_ms").get<double>();
  o.url = j.at("url").get<std::string>();
  o.urls = j.at("urls").get<std::vector<std::string>>();
  o.timeout_s = j.at("timeout_s").get<double>();
  o.retries = j.at("retries").get<unsigned>();
  o.max_bytes = j.at("max_bytes").get<std::uint64_t>();
  return o;
}

void describe_download_workload(PluginTraits& traits) {
  traits.add_flags = [](CLI::App& command, Options& all) {
    DownloadOptions& options = all.plugins.get<DownloadOptions>();
    command.add_option("--images", options.images, "download: how many images (one task each)")
        ->type_name("N")
        ->check(whole_number(1, 100000));
    command.add_option("--latency", options.latency_ms,
                       "download: the embedded server's latency per image, in ms")
        ->type_name("MS")
        ->check(finite_range(0, 60000));
    command.add_option("--url", options.url,
                       "download: fetch the images from this URL instead of the embedded server; {i} "
                       "or {i:03} in it is the image's number, from 1")
        ->type_name("URL")
        ->default_str("the embedded server")
        ->check(non_empty());
    command
        .add_option_function<std::string>(
            "--urls", [&options](const std::string& path) { options.urls = download::read_url_list(path); },
            "download: fetch image i from line i of FILE (- for standard input), cycling when there are "
            "fewer lines than --images; every line is checked first")
        ->type_name("FILE")
        ->check(non_empty());
    command.add_option("--timeout", options.timeout_s, "download: seconds per attempt (connect and total)")
        ->type_name("S")
        ->check(finite_range(0.001, 3600));
    command.add_option("--retries", options.retries,
                       "download: extra attempts after a transient failure, with backoff")
        ->type_name("N")
        ->check(whole_number(0, 10));
    command
        .add_option_function<std::string>(
            "--max-size",
            [&options](const std::string& text) { options.max_bytes = parse_byte_size(text, "--max-size"); },
            "download: largest body accepted per image, e.g. 500K, 64M (default), 1G")
        ->type_name("SIZE");
    command.add_option("--keep", options.keep_dir, "download: keep the images in this folder (one run at a time)")
        ->type_name("DIR")
        ->default_str("a temporary folder, removed")
        ->check(non_empty())
        ->check(CLI::ExistingDirectory);
  };
  traits.libraries = {{"libcurl", curl_version_info(CURLVERSION_NOW)->version},
                      {"libevent", event_get_version()},
                      {"libjpeg-turbo", build_info::turbojpeg_version}};
}

std::unique_ptr<Workload> make_download_workload(const Options& all) {
  const DownloadOptions options = all.plugins.get<DownloadOptions>();
  check_options(options);
  init_curl_once();
  raise_open_file_limit();
  return std::make_unique<DownloadWorkload>(options, all.seed);
}

}  // namespace concur
