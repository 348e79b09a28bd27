#include "course/course_event_trace.hpp"

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "workloads/download/curl_event_loop.hpp"
#include "workloads/download/image_server.hpp"

namespace concur::course {
namespace {

using Clock = std::chrono::steady_clock;
using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

}  // namespace

EventTrace trace_event_loop(const std::vector<double>& waits_ms) {
  // The server's wait is one per server: one small server per request.
  std::vector<std::unique_ptr<download::ImageServer>> servers;
  for (double wait : waits_ms) {
    download::ServerConfig config;
    config.latency_ms = wait;
    config.warm_width = config.warm_height = 64;
    servers.push_back(std::make_unique<download::ImageServer>(config));
  }
  std::vector<Easy> requests;  // outlive the loop, which may still hold them
  std::vector<std::string> urls;
  for (std::size_t i = 0; i < waits_ms.size(); ++i) {
    urls.push_back(servers[i]->base_url() + download::ImageServer::image_path(64, 64, i));
    requests.emplace_back(curl_easy_init(), &curl_easy_cleanup);
    CURL* easy = requests.back().get();
    if (!easy) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(easy, CURLOPT_URL, urls.back().c_str());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &discard);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_FAILONERROR, 1L);
  }

  // The async model's loop, with callbacks as the async model uses it.
  EventTrace trace;
  std::string error;
  download::CurlEventLoop loop;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < requests.size(); ++i)
    loop.start(requests[i].get(), [&, i](CURLcode code) {  // the callback
      trace.callbacks.push_back({std::chrono::duration<double, std::milli>(Clock::now() - start).count(),
                                 static_cast<unsigned>(i + 1), waits_ms[i]});
      if (code != CURLE_OK && error.empty()) error = curl_easy_strerror(code);
    });
  loop.run_until([&] { return trace.callbacks.size() == requests.size(); });
  trace.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (loop.cancelled()) throw Interrupted();
  if (!error.empty()) throw std::runtime_error(fmt::format("event trace: a request failed: {}", error));
  return trace;
}

}  // namespace concur::course
